"use client";

import { keepPreviousData, useMutation, useQuery } from "@tanstack/react-query";
import { ReportList, ReportSignature, SigningKeys, VerifyResult } from "@/contracts/reports";
import { api } from "./api-client";
import { keys } from "./query-keys";

export const useReportSignature = (runId: string, enabled = true) =>
  useQuery({
    queryKey: keys.reportSignature(runId),
    queryFn: () => api(`/api/runs/${runId}/report/signature`, ReportSignature),
    enabled,
  });

export const useSigningKeys = () =>
  useQuery({ queryKey: keys.signingKeys, queryFn: () => api("/api/signing-key", SigningKeys) });

/** The report goes as a file so its bytes arrive exactly as dropped; the signature as a file or pasted text. */
export const useVerifyReport = () =>
  useMutation({
    mutationFn: ({ report, signature }: { report: Blob; signature: Blob | string }) => {
      const form = new FormData();
      form.append("report", report, "report.json");
      if (typeof signature === "string") form.append("signature", signature.trim());
      else form.append("signature", signature, "report.sig");
      return api("/api/reports/verify", VerifyResult, { body: form });
    },
  });

/** The report list for a filter's query string (newest first). */
export const useReportList = (query: URLSearchParams) =>
  useQuery({
    queryKey: keys.reports(query.toString()),
    queryFn: () => api(`/api/reports?${query.toString()}`, ReportList),
    placeholderData: keepPreviousData,
  });

/** A report's download, in one of the three formats; the route audits every download. */
export const reportDownloadUrl = (runId: string, format: "json" | "csv" | "pdf") =>
  `/api/runs/${runId}/report?format=${format}`;
