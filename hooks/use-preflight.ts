"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import * as z from "zod";
import { PreflightReport } from "@/contracts/preflight";
import { ApiError, api } from "./api-client";
import { keys } from "./query-keys";

/** The latest preflight of a migration (null before the first); polls while the worker is on it. */
export const usePreflight = (migrationId: string) =>
  useQuery({
    queryKey: keys.preflight(migrationId),
    queryFn: () =>
      api(`/api/migrations/${migrationId}/preflight`, PreflightReport).catch((err: unknown) => {
        if (err instanceof ApiError && err.status === 404) return null;
        throw err;
      }),
    refetchInterval: (q) =>
      q.state.data && ["queued", "running"].includes(q.state.data.status) ? 1000 : false,
  });

export function useStartPreflight(migrationId: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: () =>
      api(`/api/migrations/${migrationId}/preflight`, z.object({ id: z.uuid() }), { method: "POST" }),
    onSuccess: () => qc.invalidateQueries({ queryKey: keys.preflight(migrationId) }),
  });
}
