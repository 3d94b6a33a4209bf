"use client";

import { usePathname, useRouter } from "next/navigation";
import type { ReactNode } from "react";
import { AppShell } from "@/components/layout/app-shell";
import { useLogout, useMe } from "@/hooks/use-session";

export default function PanelLayout({ children }: { children: ReactNode }) {
  const me = useMe();
  const logout = useLogout();
  const router = useRouter();
  const path = usePathname();
  return (
    <AppShell
      user={me.data}
      path={path}
      onSignOut={() => logout.mutate(undefined, { onSettled: () => router.push("/login") })}
    >
      {me.isSuccess ? children : <p className="text-sm text-slate-500">Loading…</p>}
    </AppShell>
  );
}
