"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import * as z from "zod";
import { ApiTokenView, CreatedApiToken, type CreateApiTokenInput } from "@/contracts/api-tokens";
import { api } from "./api-client";
import { keys } from "./query-keys";

export const useApiTokens = () =>
  useQuery({ queryKey: keys.apiTokens, queryFn: () => api("/api/tokens", z.array(ApiTokenView)) });

export function useCreateApiToken() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (input: CreateApiTokenInput) => api("/api/tokens", CreatedApiToken, { json: input }),
    onSuccess: () => qc.invalidateQueries({ queryKey: keys.apiTokens }),
  });
}

export function useRevokeApiToken() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => api(`/api/tokens/${id}`, ApiTokenView, { method: "DELETE" }),
    onSuccess: () => qc.invalidateQueries({ queryKey: keys.apiTokens }),
  });
}
