"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import * as z from "zod";
import { type CreateMigrationInput, MigrationView, DryRunResult } from "@/contracts/migrations";
import { ReportV1 } from "@/contracts/reports";
import { RollbackRequestResult } from "@/contracts/rollback";
import { RunStatus } from "@/contracts/runs";
import { api } from "./api-client";
import { keys } from "./query-keys";

export const MigrationRunRow = z.object({
  id: z.uuid(),
  status: RunStatus,
  createdAt: z.string(),
  finishedAt: z.string().nullable(),
  verified: z.boolean().nullable(),
  error: z.string().nullable(),
  reportOk: z.boolean().nullable(),
});

export const useMigrations = () =>
  useQuery({ queryKey: keys.migrations, queryFn: () => api("/api/migrations", z.array(MigrationView)) });

export const useMigration = (id: string) =>
  useQuery({ queryKey: keys.migration(id), queryFn: () => api(`/api/migrations/${id}`, MigrationView) });

export const useMigrationRuns = (id: string) =>
  useQuery({
    queryKey: keys.migrationRuns(id),
    queryFn: () => api(`/api/migrations/${id}/runs`, z.array(MigrationRunRow)),
    refetchInterval: 5000,
  });

export function useCreateMigration() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (input: CreateMigrationInput) => api("/api/migrations", MigrationView, { json: input }),
    onSuccess: () => qc.invalidateQueries({ queryKey: keys.migrations }),
  });
}

export function useStartRun(migrationId: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: () =>
      api(`/api/migrations/${migrationId}/runs`, z.object({ id: z.uuid() }), { method: "POST" }),
    onSuccess: () => qc.invalidateQueries({ queryKey: keys.migrationRuns(migrationId) }),
  });
}

/** Works out what a run would do, writing nothing. */
export const useDryRun = (migrationId: string) =>
  useMutation({
    mutationFn: () => api(`/api/migrations/${migrationId}/dry-run`, DryRunResult, { method: "POST" }),
  });

export const useCancelRun = (runId: string) =>
  useMutation({
    mutationFn: () => api(`/api/runs/${runId}/cancel`, z.object({ ok: z.boolean() }), { method: "POST" }),
  });

/** Verify a finished run's target again; a new signed report replaces the run's. */
export function useReverifyRun(runId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: () => api(`/api/runs/${runId}/verify`, z.object({ ok: z.boolean() }), { method: "POST" }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: keys.report(runId) }),
  });
}

/** Queues the run's rollback; progress then arrives on the run's event stream. */
export function useRollbackRun(runId: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: () => api(`/api/runs/${runId}/rollback`, RollbackRequestResult, { method: "POST" }),
    onSuccess: () => qc.invalidateQueries({ queryKey: keys.run(runId) }),
  });
}

export const useReport = (runId: string, enabled = true) =>
  useQuery({
    queryKey: keys.report(runId),
    queryFn: () => api(`/api/runs/${runId}/report`, ReportV1),
    enabled,
  });
