"use client";

import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { AuditPage } from "@/contracts/audit";
import { api } from "./api-client";
import { keys } from "./query-keys";

/** One page of the audit trail for a filter's query string (contracts/audit.ts auditSearchParams). */
export const useAudit = (query: URLSearchParams) =>
  useQuery({
    queryKey: keys.audit(query.toString()),
    queryFn: () => api(`/api/audit?${query.toString()}`, AuditPage),
    placeholderData: keepPreviousData, // paging keeps the table in place instead of flashing empty
  });

export const auditCsvUrl = (query: URLSearchParams) => {
  const params = new URLSearchParams(query);
  params.delete("page");
  params.delete("pageSize");
  params.set("format", "csv");
  return `/api/audit?${params.toString()}`;
};
