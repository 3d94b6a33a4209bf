"use client";

import { useState } from "react";
import type {
  ConnectionView,
  CreateConnectionInput,
  Engine,
  SslMode,
  UpdateConnectionInput,
} from "@/contracts/connections";
import { Button } from "@/components/ui/button";
import { Field, Input, Select } from "@/components/ui/field";
import { ErrorBox } from "@/components/ui/messages";

export type ConnectionFormValue =
  | { kind: "create"; input: CreateConnectionInput; file?: undefined }
  | { kind: "create-sqlite"; name: string; file: File }
  | { kind: "update"; input: UpdateConnectionInput };

const SSL_MODES: SslMode[] = ["disable", "prefer", "require", "verify-ca", "verify-full"];

/** Create or edit a connection. Never shows a stored password: an empty password field keeps it. */
export function ConnectionForm({
  existing,
  busy,
  error,
  onSubmit,
  onCancel,
}: {
  existing?: ConnectionView;
  busy: boolean;
  error: string | null;
  onSubmit: (v: ConnectionFormValue) => void;
  onCancel: () => void;
}) {
  const [engine, setEngine] = useState<Engine>(existing?.engine ?? "postgres");
  const [mode, setMode] = useState<"url" | "fields">(existing ? "fields" : "url");
  const [name, setName] = useState(existing?.name ?? "");
  const [url, setUrl] = useState("");
  const pg = existing?.postgres;
  const ms = existing?.mssql;
  const [fields, setFields] = useState({
    host: pg?.host ?? ms?.host ?? "",
    port: String(pg?.port ?? ms?.port ?? 5432),
    database: pg?.database ?? ms?.database ?? "",
    user: pg?.user ?? ms?.user ?? "",
    password: "",
    sslmode: pg?.sslmode ?? ("prefer" as SslMode),
  });
  // SQL Server's TLS settings (tedious): encrypted by default; the certificate checked unless trusted.
  const [tls, setTls] = useState({
    encrypt: ms?.encrypt ?? true,
    trustServerCertificate: ms?.trustServerCertificate ?? false,
  });
  const hostEngine = engine === "postgres" || engine === "mssql";
  const chooseEngine = (next: Engine) => {
    setEngine(next);
    // The default port follows the engine unless one was typed.
    if (fields.port === "5432" || fields.port === "1433")
      setFields({ ...fields, port: next === "mssql" ? "1433" : "5432" });
  };
  const [file, setFile] = useState<File | null>(null);
  const set = (k: keyof typeof fields) => (e: { target: { value: string } }) =>
    setFields({ ...fields, [k]: e.target.value });

  const submit = () => {
    if (existing) {
      const input: UpdateConnectionInput = { name };
      if (existing.engine === "mssql")
        Object.assign(
          input,
          {
            host: fields.host,
            port: Number(fields.port),
            database: fields.database,
            user: fields.user,
            ...tls,
          },
          fields.password ? { password: fields.password } : {},
        );
      if (existing.engine === "postgres")
        Object.assign(
          input,
          {
            host: fields.host,
            port: Number(fields.port),
            database: fields.database,
            user: fields.user,
            sslmode: fields.sslmode,
          },
          fields.password ? { password: fields.password } : {},
        );
      return onSubmit({ kind: "update", input });
    }
    if (engine === "sqlite") return file && onSubmit({ kind: "create-sqlite", name, file });
    if (engine === "mssql")
      return onSubmit({
        kind: "create",
        input:
          mode === "url"
            ? { name, engine: "mssql", url }
            : {
                name,
                engine: "mssql",
                host: fields.host,
                port: Number(fields.port),
                database: fields.database,
                user: fields.user,
                password: fields.password || undefined,
                ...tls,
              },
      });
    if (mode === "url") return onSubmit({ kind: "create", input: { name, engine: "postgres", url } });
    onSubmit({
      kind: "create",
      input: {
        name,
        engine: "postgres",
        host: fields.host,
        port: Number(fields.port),
        database: fields.database,
        user: fields.user,
        password: fields.password || undefined,
        sslmode: fields.sslmode,
      },
    });
  };

  return (
    <form
      className="space-y-4"
      onSubmit={(e) => {
        e.preventDefault();
        submit();
      }}
    >
      <div className="grid gap-4 sm:grid-cols-2">
        <Field label="Name">
          <Input
            name="name"
            required
            value={name}
            onChange={(e) => setName(e.target.value)}
            placeholder="e.g. Production CRM"
          />
        </Field>
        {!existing && (
          <Field label="Engine">
            <Select name="engine" value={engine} onChange={(e) => chooseEngine(e.target.value as Engine)}>
              <option value="postgres">PostgreSQL (source or target)</option>
              <option value="sqlite">SQLite file (source)</option>
              <option value="mssql">SQL Server (source)</option>
            </Select>
          </Field>
        )}
      </div>
      {engine === "sqlite" && !existing && (
        <Field
          label="SQLite database file"
          hint="Uploaded into Ferry's data directory and checked by its content: a SQLite 3 file (.sqlite, .db)."
        >
          <Input name="file" type="file" required onChange={(e) => setFile(e.target.files?.[0] ?? null)} />
        </Field>
      )}
      {hostEngine && (
        <>
          {!existing && (
            <div className="flex gap-4 text-sm">
              {(["url", "fields"] as const).map((m) => (
                <label key={m} className="flex items-center gap-1.5">
                  <input type="radio" name="mode" checked={mode === m} onChange={() => setMode(m)} />
                  {m === "url" ? "Connection URL" : "Host, port and user"}
                </label>
              ))}
            </div>
          )}
          {mode === "url" && !existing ? (
            <Field
              label="URL"
              hint={
                engine === "mssql"
                  ? "mssql://user:password@host:1433/database?encrypt=true, or a JDBC URL (sqlserver://host:1433;databaseName=…;user=…;password=…) — the password is encrypted at rest and never shown again."
                  : "postgres://user:password@host:5432/database?sslmode=require — the password is encrypted at rest and never shown again."
              }
            >
              <Input
                name="url"
                required
                value={url}
                onChange={(e) => setUrl(e.target.value)}
                placeholder={
                  engine === "mssql"
                    ? "mssql://user:password@host:1433/database"
                    : "postgres://user:password@host:5432/database"
                }
              />
            </Field>
          ) : (
            <div className="grid gap-4 sm:grid-cols-3">
              <Field label="Host">
                <Input name="host" required value={fields.host} onChange={set("host")} />
              </Field>
              <Field label="Port">
                <Input name="port" type="number" required value={fields.port} onChange={set("port")} />
              </Field>
              <Field label="Database">
                <Input name="database" required value={fields.database} onChange={set("database")} />
              </Field>
              <Field label="User">
                <Input name="user" required value={fields.user} onChange={set("user")} />
              </Field>
              <Field
                label="Password"
                hint={
                  (existing?.postgres ?? existing?.mssql)?.hasPassword
                    ? "Leave empty to keep the stored password."
                    : undefined
                }
              >
                <Input
                  name="password"
                  type="password"
                  autoComplete="new-password"
                  value={fields.password}
                  onChange={set("password")}
                />
              </Field>
              {engine === "mssql" ? (
                <Field
                  label="TLS"
                  hint="Trusting the certificate encrypts without checking who answers: for a default install's self-signed certificate, on a network you trust."
                >
                  <Select
                    name="mssqlTls"
                    value={!tls.encrypt ? "off" : tls.trustServerCertificate ? "trust" : "verify"}
                    onChange={(e) =>
                      setTls({
                        encrypt: e.target.value !== "off",
                        trustServerCertificate: e.target.value === "trust",
                      })
                    }
                  >
                    <option value="verify">encrypt, verify the certificate</option>
                    <option value="trust">encrypt, trust the server certificate</option>
                    <option value="off">no encryption</option>
                  </Select>
                </Field>
              ) : (
                <Field label="TLS (sslmode)">
                  <Select name="sslmode" value={fields.sslmode} onChange={set("sslmode")}>
                    {SSL_MODES.map((m) => (
                      <option key={m}>{m}</option>
                    ))}
                  </Select>
                </Field>
              )}
            </div>
          )}
        </>
      )}
      {error && <ErrorBox title="Could not save the connection">{error}</ErrorBox>}
      <div className="flex gap-2">
        <Button type="submit" disabled={busy}>
          {busy ? "Saving…" : existing ? "Save changes" : "Create connection"}
        </Button>
        <Button type="button" variant="ghost" onClick={onCancel}>
          Cancel
        </Button>
      </div>
    </form>
  );
}
