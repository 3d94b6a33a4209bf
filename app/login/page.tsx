"use client";

import { useRouter, useSearchParams } from "next/navigation";
import { Suspense, useState } from "react";
import { Button } from "@/components/ui/button";
import { Field, Input } from "@/components/ui/field";
import { ErrorBox } from "@/components/ui/messages";
import { errorMessage } from "@/hooks/api-client";
import { useLogin } from "@/hooks/use-session";

function LoginForm() {
  const router = useRouter();
  const next = useSearchParams().get("next") ?? "/";
  const login = useLogin();
  const [email, setEmail] = useState("");
  const [password, setPassword] = useState("");
  return (
    <form
      className="space-y-4"
      onSubmit={(e) => {
        e.preventDefault();
        login.mutate(
          { email, password },
          // Only a path on this site: "//evil.example" and "/\\evil.example" are other sites to a browser.
          { onSuccess: () => router.push(/^\/(?![/\\])/.test(next) ? next : "/") },
        );
      }}
    >
      <Field label="Email">
        <Input
          name="email"
          type="email"
          autoComplete="username"
          required
          value={email}
          onChange={(e) => setEmail(e.target.value)}
        />
      </Field>
      <Field label="Password">
        <Input
          name="password"
          type="password"
          autoComplete="current-password"
          required
          value={password}
          onChange={(e) => setPassword(e.target.value)}
        />
      </Field>
      {login.isError && <ErrorBox title="Sign-in failed">{errorMessage(login.error)}</ErrorBox>}
      <Button type="submit" disabled={login.isPending} className="w-full justify-center">
        {login.isPending ? "Signing in…" : "Sign in"}
      </Button>
    </form>
  );
}

export default function LoginPage() {
  return (
    <main className="flex min-h-screen items-center justify-center px-4">
      <div className="w-full max-w-sm">
        <p className="text-2xl font-semibold tracking-tight text-slate-900">Ferry</p>
        <p className="mt-1 mb-6 text-sm text-slate-500">
          Move databases into PostgreSQL and prove they arrived whole.
        </p>
        <div className="rounded-lg border border-slate-200 bg-white p-6 shadow-sm">
          <Suspense>
            <LoginForm />
          </Suspense>
        </div>
      </div>
    </main>
  );
}
