"use client";

import { useMutation, useQuery } from "@tanstack/react-query";
import * as z from "zod";
import { type LoginInput, SessionUser } from "@/contracts/roles";
import { api } from "./api-client";
import { keys } from "./query-keys";

export const useMe = () =>
  useQuery({ queryKey: keys.me, queryFn: () => api("/api/auth/me", SessionUser), staleTime: 60_000 });

export const useLogin = () =>
  useMutation({ mutationFn: (input: LoginInput) => api("/api/auth/login", SessionUser, { json: input }) });

export const useLogout = () =>
  useMutation({ mutationFn: () => api("/api/auth/logout", z.undefined(), { method: "POST" }) });
