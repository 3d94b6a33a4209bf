"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useEffect } from "react";
import {
  ChecklistView,
  type TemplateId,
  type UpdateItemInput,
  type WaiveInput,
} from "@/contracts/checklists";
import { api } from "./api-client";
import { keys } from "./query-keys";

/** The migration's checklist; refetched when a preflight finishes, since its verdicts tick items. */
export function useChecklist(migrationId: string, preflightFinishedAt: string | null | undefined) {
  const qc = useQueryClient();
  useEffect(() => {
    if (preflightFinishedAt) void qc.invalidateQueries({ queryKey: keys.checklist(migrationId) });
  }, [qc, migrationId, preflightFinishedAt]);
  return useQuery({
    queryKey: keys.checklist(migrationId),
    queryFn: () => api(`/api/migrations/${migrationId}/checklist`, ChecklistView),
  });
}

/** Every checklist mutation answers with the new checklist; it replaces the cached one. */
function useChecklistMutation<V>(migrationId: string, request: (v: V) => Promise<ChecklistView>) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: request,
    onSuccess: (view) => qc.setQueryData(keys.checklist(migrationId), view),
  });
}

const base = (migrationId: string) => `/api/migrations/${migrationId}`;

export const useUpdateItem = (migrationId: string) =>
  useChecklistMutation(migrationId, ({ itemId, input }: { itemId: string; input: UpdateItemInput }) =>
    api(`${base(migrationId)}/checklist/items/${encodeURIComponent(itemId)}`, ChecklistView, {
      method: "PATCH",
      json: input,
    }),
  );

export const useChooseTemplate = (migrationId: string) =>
  useChecklistMutation(migrationId, (templateId: TemplateId) =>
    api(`${base(migrationId)}/checklist/template`, ChecklistView, { method: "PUT", json: { templateId } }),
  );

export const useApprove = (migrationId: string) =>
  useChecklistMutation(migrationId, (note: string) =>
    api(`${base(migrationId)}/approve`, ChecklistView, { json: note ? { note } : {} }),
  );

export const useRevoke = (migrationId: string) =>
  useChecklistMutation(migrationId, (reason: string) =>
    api(`${base(migrationId)}/revoke`, ChecklistView, { json: { reason } }),
  );

export const useWaive = (migrationId: string) =>
  useChecklistMutation(migrationId, (input: WaiveInput) =>
    api(`${base(migrationId)}/waivers`, ChecklistView, { json: input }),
  );
