"use client";

import { useMutation, useQueries, useQuery, useQueryClient } from "@tanstack/react-query";
import * as z from "zod";
import {
  ColumnProfile,
  ConnectionTestResult,
  ConnectionView,
  type CreateConnectionInput,
  SourceTable,
  TablePreview,
  type UpdateConnectionInput,
  UploadView,
} from "@/contracts/connections";
import { api } from "./api-client";
import { keys } from "./query-keys";

export const useConnections = () =>
  useQuery({ queryKey: keys.connections, queryFn: () => api("/api/connections", z.array(ConnectionView)) });

export const useSourceTables = (connectionId: string | null) =>
  useQuery({
    queryKey: keys.tables(connectionId ?? "none"),
    queryFn: () => api(`/api/connections/${connectionId}/tables`, z.array(SourceTable)),
    enabled: connectionId !== null,
  });

/** Column profiles (values seen, proposed types) of several tables, loaded side by side. */
export const useColumnProfiles = (connectionId: string | null, tables: string[], dates: string) =>
  useQueries({
    queries: tables.map((table) => ({
      queryKey: keys.profile(connectionId ?? "none", table, dates),
      queryFn: () =>
        api(
          `/api/connections/${connectionId}/profile?${new URLSearchParams({ table, dates })}`,
          z.array(ColumnProfile),
        ),
      enabled: connectionId !== null,
      staleTime: 60_000,
    })),
  });

export function useCreateConnection() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (input: CreateConnectionInput) => api("/api/connections", ConnectionView, { json: input }),
    onSuccess: () => qc.invalidateQueries({ queryKey: keys.connections }),
  });
}

export function useUpdateConnection() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: ({ id, input }: { id: string; input: UpdateConnectionInput }) =>
      api(`/api/connections/${id}`, ConnectionView, { method: "PATCH", json: input }),
    onSuccess: () => qc.invalidateQueries({ queryKey: keys.connections }),
  });
}

export function useDeleteConnection() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => api(`/api/connections/${id}`, z.undefined(), { method: "DELETE" }),
    onSuccess: () => qc.invalidateQueries({ queryKey: keys.connections }),
  });
}

export function useTestConnection() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => api(`/api/connections/${id}/test`, ConnectionTestResult, { method: "POST" }),
    onSuccess: () => qc.invalidateQueries({ queryKey: keys.connections }),
  });
}

export const useUpload = () =>
  useMutation({
    mutationFn: (file: File) => {
      const form = new FormData();
      form.append("file", file);
      return api("/api/uploads", UploadView, { body: form });
    },
  });

export const useTablePreview = (connectionId: string | null, table: string | null) =>
  useQuery({
    queryKey: ["connections", connectionId ?? "none", "preview", table ?? ""],
    queryFn: () =>
      api(`/api/connections/${connectionId}/preview?table=${encodeURIComponent(table ?? "")}`, TablePreview),
    enabled: connectionId !== null && table !== null,
  });
