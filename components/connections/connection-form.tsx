"use client";

import { useState } from "react";
import {
  AccessEncoding,
  type ConnectionView,
  type CreateConnectionInput,
  type SslMode,
  type UpdateConnectionInput,
} from "@/contracts/connections";
import { Button } from "@/components/ui/button";
import { Field, Input, Select } from "@/components/ui/field";
import { ErrorBox } from "@/components/ui/messages";

export type ConnectionFormValue =
  | { kind: "create"; input: CreateConnectionInput; file?: undefined }
  | { kind: "create-sqlite"; name: string; file: File }
  | { kind: "create-access"; name: string; file: File; encoding: AccessEncoding }
  | { kind: "update"; input: UpdateConnectionInput };

const SSL_MODES: SslMode[] = ["disable", "prefer", "require", "verify-ca", "verify-full"];
type FormEngine = "postgres" | "sqlite" | "access" | "mysql" | "mssql";

const ENCODING_LABELS: Partial<Record<AccessEncoding, string>> = {
  auto: "auto (Unicode as stored; Windows-1252 for Access 97)",
  cp949: "cp949 (Korean, Windows)",
  "euc-kr": "euc-kr (Korean)",
  shift_jis: "shift_jis (Japanese)",
  gbk: "gbk (Simplified Chinese)",
  big5: "big5 (Traditional Chinese)",
};

function EncodingSelect({
  value,
  onChange,
}: {
  value: AccessEncoding;
  onChange: (v: AccessEncoding) => void;
}) {
  return (
    <Field
      label="Text encoding"
      hint="Access 97 files store text in the code page of the PC that wrote them. Check the preview: garbled text means another code page."
    >
      <Select name="encoding" value={value} onChange={(e) => onChange(AccessEncoding.parse(e.target.value))}>
        {AccessEncoding.options.map((e) => (
          <option key={e} value={e}>
            {ENCODING_LABELS[e] ?? e}
          </option>
        ))}
      </Select>
    </Field>
  );
}
const DEFAULT_PORT = { postgres: "5432", mysql: "3306", mssql: "1433" } as const;
const URL_HINT = {
  postgres: "postgres://user:password@host:5432/database?sslmode=require",
  mysql: "mysql://user:password@host:3306/database?ssl-mode=REQUIRED",
  mssql:
    "mssql://user:password@host:1433/database?encrypt=true, or a JDBC URL (sqlserver://host:1433;databaseName=…)",
} as const;

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
  const [engine, setEngine] = useState<FormEngine>(existing?.engine ?? "postgres");
  const [encoding, setEncoding] = useState<AccessEncoding>(existing?.access?.encoding ?? "auto");
  const [mode, setMode] = useState<"url" | "fields">(existing ? "fields" : "url");
  const [name, setName] = useState(existing?.name ?? "");
  const [url, setUrl] = useState("");
  // PostgreSQL, MySQL and SQL Server share the server fields.
  const pg = existing?.postgres ?? existing?.mysql;
  const ms = existing?.mssql;
  const [fields, setFields] = useState({
    host: pg?.host ?? ms?.host ?? "",
    port: String(pg?.port ?? ms?.port ?? (existing?.engine === "mysql" ? 3306 : 5432)),
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
  const [file, setFile] = useState<File | null>(null);
  const set = (k: keyof typeof fields) => (e: { target: { value: string } }) =>
    setFields({ ...fields, [k]: e.target.value });

  const submit = () => {
    if (existing) {
      const input: UpdateConnectionInput = { name };
      if (existing.engine === "access") input.encoding = encoding;
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
      if (existing.engine === "postgres" || existing.engine === "mysql")
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
    if (engine === "access") return file && onSubmit({ kind: "create-access", name, file, encoding });
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
    const server = {
      host: fields.host,
      port: Number(fields.port),
      database: fields.database,
      user: fields.user,
      password: fields.password || undefined,
      sslmode: fields.sslmode,
    };
    const input: CreateConnectionInput =
      engine === "mysql"
        ? mode === "url"
          ? { name, engine, url }
          : { name, engine, ...server }
        : mode === "url"
          ? { name, engine, url }
          : { name, engine, ...server };
    onSubmit({ kind: "create", input });
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
            <Select
              name="engine"
              value={engine}
              onChange={(e) => {
                const next = e.target.value as FormEngine;
                setEngine(next);
                // The port follows the engine unless the user typed one.
                if (
                  (next === "postgres" || next === "mysql" || next === "mssql") &&
                  Object.values(DEFAULT_PORT).includes(fields.port as "5432")
                )
                  setFields({ ...fields, port: DEFAULT_PORT[next] });
              }}
            >
              <option value="postgres">PostgreSQL (source or target)</option>
              <option value="sqlite">SQLite file (source)</option>
              <option value="access">MS Access file (source)</option>
              <option value="mysql">MySQL / MariaDB (source)</option>
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
      {engine === "access" && (
        <div className="grid gap-4 sm:grid-cols-2">
          {!existing && (
            <Field
              label="Access database file"
              hint="Uploaded into Ferry's data directory and checked by its content: an .mdb (Access 97–2003) or .accdb file."
            >
              <Input
                name="file"
                type="file"
                accept=".mdb,.accdb"
                required
                onChange={(e) => setFile(e.target.files?.[0] ?? null)}
              />
            </Field>
          )}
          <EncodingSelect value={encoding} onChange={setEncoding} />
        </div>
      )}
      {(engine === "postgres" || engine === "mysql" || engine === "mssql") && (
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
              hint={`${URL_HINT[engine]} — the password is encrypted at rest and never shown again.`}
            >
              <Input
                name="url"
                required
                value={url}
                onChange={(e) => setUrl(e.target.value)}
                placeholder={URL_HINT[engine].replace(/\?.*$/, "")}
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
                hint={(pg ?? ms)?.hasPassword ? "Leave empty to keep the stored password." : undefined}
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
