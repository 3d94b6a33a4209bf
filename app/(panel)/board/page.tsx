"use client";

import Link from "next/link";
import { useState } from "react";
import { isFailing, isRunning, selectBoardRows } from "@/contracts/board";
import { BoardFilters, type BoardView } from "@/components/board/board-filters";
import { BoardTable } from "@/components/board/board-table";
import { PageHeader } from "@/components/layout/page-header";
import { Button } from "@/components/ui/button";
import { EmptyState, ErrorBox, Stat } from "@/components/ui/messages";
import { errorMessage } from "@/hooks/api-client";
import { useBoard } from "@/hooks/use-board";
import { useMe } from "@/hooks/use-session";

export default function BoardPage() {
  const board = useBoard();
  const canOperate = ["admin", "dba"].includes(useMe().data?.role ?? "");
  const [view, setView] = useState<BoardView>({ filter: "all", sort: "name", search: "" });
  const rows = board.data ?? [];
  const shown = selectBoardRows(rows, view);
  return (
    <>
      <PageHeader
        title="Board"
        subtitle="Every migration's runbook: where it stands, what fails, what waits for you, how it last ran."
      />
      {board.isError && <ErrorBox>{errorMessage(board.error)}</ErrorBox>}
      {board.isPending && <p className="text-sm text-slate-500">Loading…</p>}
      {board.isSuccess && rows.length === 0 && (
        <EmptyState
          title="No migrations on the board yet"
          action={
            canOperate && (
              <Link href="/migrations/new">
                <Button>New migration</Button>
              </Link>
            )
          }
        >
          {canOperate
            ? "Create a migration in the wizard and run its preflight: its runbook, checks and approvals appear here."
            : "A DBA creates migrations; each appears here with its runbook, checks and approvals as soon as it exists."}
        </EmptyState>
      )}
      {rows.length > 0 && (
        <>
          <div className="mb-6 grid grid-cols-2 gap-4 rounded-lg border border-slate-200 bg-white px-5 py-4 shadow-sm sm:grid-cols-4">
            <Stat label="Migrations" value={rows.length} />
            <Stat label="Waiting for approval" value={rows.filter((r) => r.approval === "waiting").length} />
            <Stat label="Failing checks" value={rows.filter(isFailing).length} />
            <Stat label="Running now" value={rows.filter(isRunning).length} />
          </div>
          <BoardFilters view={view} onChange={setView} />
          {shown.length ? (
            <BoardTable rows={shown} />
          ) : (
            <EmptyState title="Nothing matches">
              No migration matches this filter and search. Choose &ldquo;All migrations&rdquo; or clear the
              search.
            </EmptyState>
          )}
        </>
      )}
    </>
  );
}
