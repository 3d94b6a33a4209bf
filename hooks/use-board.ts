"use client";

import { useQuery } from "@tanstack/react-query";
import * as z from "zod";
import { BoardRow } from "@/contracts/board";
import { api } from "./api-client";
import { useBoardEvents } from "./use-migration-events";
import { keys } from "./query-keys";

/** Every migration's row on the lead's board, kept live by the board's event stream. */
export function useBoard() {
  useBoardEvents();
  return useQuery({ queryKey: keys.board, queryFn: () => api("/api/board", z.array(BoardRow)) });
}
