import Link from "next/link";
import type { ReactNode } from "react";
import type { Role, SessionUser } from "@/contracts/roles";

const NAV: { href: string; label: string; roles?: Role[] }[] = [
  { href: "/", label: "Migrations" },
  { href: "/board", label: "Board", roles: ["admin", "lead", "auditor"] },
  { href: "/connections", label: "Connections" },
  { href: "/reports", label: "Reports" },
  { href: "/verify", label: "Verify", roles: ["admin", "lead", "auditor"] },
  { href: "/audit", label: "Audit", roles: ["admin", "lead", "auditor"] },
];

export function AppShell({
  user,
  path,
  onSignOut,
  children,
}: {
  user: SessionUser | undefined;
  path: string;
  onSignOut: () => void;
  children: ReactNode;
}) {
  return (
    <div className="min-h-screen">
      <header className="border-b border-slate-200 bg-white">
        <div className="mx-auto flex max-w-6xl items-center gap-8 px-6 py-3">
          <Link href="/" className="text-lg font-semibold tracking-tight text-teal-800">
            Ferry
          </Link>
          <nav className="flex gap-1 text-sm">
            {NAV.filter((n) => !n.roles || (user && n.roles.includes(user.role))).map((n) => {
              const active =
                n.href === "/"
                  ? path === "/" || path.startsWith("/migrations") || path.startsWith("/runs")
                  : path.startsWith(n.href);
              return (
                <Link
                  key={n.href}
                  href={n.href}
                  className={`rounded-md px-3 py-1.5 ${active ? "bg-slate-100 font-medium text-slate-900" : "text-slate-600 hover:text-slate-900"}`}
                >
                  {n.label}
                </Link>
              );
            })}
          </nav>
          <div className="ml-auto flex items-center gap-3 text-sm">
            {user && (
              <span className="text-slate-600" data-testid="current-user">
                {user.email}{" "}
                <span className="rounded bg-slate-100 px-1.5 py-0.5 text-xs text-slate-600">{user.role}</span>
              </span>
            )}
            <Link
              href="/tokens"
              className={
                path.startsWith("/tokens")
                  ? "font-medium text-slate-900"
                  : "text-slate-500 hover:text-slate-900"
              }
            >
              API tokens
            </Link>
            <button onClick={onSignOut} className="text-slate-500 hover:text-slate-900">
              Sign out
            </button>
          </div>
        </div>
      </header>
      <main className="mx-auto max-w-6xl px-6 py-8">{children}</main>
    </div>
  );
}
