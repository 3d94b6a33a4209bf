import { quoteLiteral } from "@/server/plan/identifiers";
import type { SourceDefault } from "@/server/catalog/catalog";
import { ConversionError } from "@/server/copy/conversion-error";
import { toInputText } from "@/server/copy/source-values";
import type { MappedType } from "@/server/typemap/value-kind";

/** A default as PostgreSQL SQL for the column's target type, or why it is left out. */
export type RenderedDefault = { sql: string } | { problem: string };

/**
 * The only ways a default reaches the DDL: a string literal escaped here, a number that matched NUMBER, or
 * one of these fixed expressions. Nothing from the source is pasted into SQL as it is.
 */
const NOW = "CURRENT_TIMESTAMP";
const UTC_NOW = "(CURRENT_TIMESTAMP AT TIME ZONE 'UTC')";
const NUMBER = /^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$/;
const INTEGER = /^[+-]?\d+$/;
const TEXT_TYPE = /^(text|citext|varchar|character varying|char|character|bpchar)\b/i;
const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const TIMESTAMP = /^(\d{4})-(\d{2})-(\d{2})[ T]\d{2}:\d{2}(:\d{2}(\.\d{1,6})?)?$/;
const TIME = /^\d{2}:\d{2}(:\d{2}(\.\d{1,6})?)?$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

const problem = (p: string): RenderedDefault => ({ problem: p });
const isText = (t: MappedType) => t.kind === "text" && TEXT_TYPE.test(t.pgType);

/** A date that is a real calendar date (no MySQL zero dates, no 2023-02-30). */
function realDate(y: string, m: string, d: string): boolean {
  const date = new Date(Date.UTC(Number(y), Number(m) - 1, Number(d)));
  return Number(y) > 0 && date.getUTCMonth() === Number(m) - 1 && date.getUTCDate() === Number(d);
}

function renderString(value: string, target: MappedType): RenderedDefault {
  let text: string | null;
  try {
    text = toInputText(target.kind, value, "default");
  } catch (err) {
    if (err instanceof ConversionError) return problem(`it does not convert to ${target.pgType}`);
    throw err;
  }
  if (text === null) return problem("empty");
  switch (target.kind) {
    case "int":
    case "float":
    case "numeric":
      return NUMBER.test(text) ? { sql: quoteLiteral(text) } : problem(`it is not a ${target.pgType}`);
    case "bool":
      return { sql: text === "t" ? "true" : "false" };
    case "date": {
      const m = DATE.exec(text);
      return m && realDate(m[1]!, m[2]!, m[3]!) ? { sql: quoteLiteral(text) } : problem("not a real date");
    }
    case "timestamp":
    case "timestamptz": {
      const m = TIMESTAMP.exec(text) ?? DATE.exec(text);
      return m && realDate(m[1]!, m[2]!, m[3]!)
        ? { sql: quoteLiteral(text) }
        : problem("not a real date and time");
    }
    case "json":
      try {
        JSON.parse(text);
        return { sql: quoteLiteral(text) };
      } catch {
        return problem("not valid JSON");
      }
    case "bytea":
      return problem("binary defaults are not translated");
    case "text":
      if (isText(target)) return { sql: quoteLiteral(text) };
      if (/^time\b/i.test(target.pgType) && TIME.test(text)) return { sql: quoteLiteral(text) };
      if (target.pgType === "uuid" && UUID.test(text)) return { sql: quoteLiteral(text) };
      return problem(`a string default for ${target.pgType} is not translated`);
  }
}

function renderNumber(text: string, target: MappedType): RenderedDefault {
  if (!NUMBER.test(text)) return problem("not a number");
  const plain = text.replace(/^\+/, "");
  switch (target.kind) {
    case "int":
      return INTEGER.test(plain) ? { sql: plain } : problem(`${text} is not a whole number`);
    case "float":
    case "numeric":
      return { sql: plain };
    case "bool":
      return Number(plain) === 0 || Number(plain) === 1
        ? { sql: Number(plain) === 1 ? "true" : "false" }
        : problem(`${text} is not 0 or 1`);
    default:
      return isText(target) ? { sql: quoteLiteral(plain) } : problem(`a number for ${target.pgType}`);
  }
}

/** The default for a column of the target type, through the literal renderer or a fixed expression. */
export function renderDefault(d: SourceDefault, target: MappedType): RenderedDefault {
  const { kind } = target;
  switch (d.kind) {
    case "number":
      return renderNumber(d.text, target);
    case "string":
      return renderString(d.value, target);
    case "bool":
      if (kind === "bool") return { sql: d.value ? "true" : "false" };
      if (kind === "int" || kind === "numeric") return { sql: d.value ? "1" : "0" };
      return problem(`a boolean for ${target.pgType}`);
    case "function":
      switch (d.name) {
        case "now":
          if (kind === "timestamp" || kind === "timestamptz") return { sql: NOW };
          if (kind === "date") return { sql: "CURRENT_DATE" };
          break;
        case "utc_now":
          if (kind === "timestamptz") return { sql: NOW };
          if (kind === "timestamp") return { sql: UTC_NOW };
          if (kind === "date") return { sql: `${UTC_NOW}::date` };
          break;
        case "today":
          if (kind === "date" || kind === "timestamp" || kind === "timestamptz")
            return { sql: "CURRENT_DATE" };
          break;
        case "uuid":
          if (target.pgType === "uuid") return { sql: "gen_random_uuid()" };
          if (isText(target)) return { sql: "gen_random_uuid()::text" };
          break;
      }
      return problem(`the function has no equivalent for ${target.pgType}`);
    case "utc_text":
      if (kind === "timestamptz") return { sql: NOW };
      if (kind === "timestamp") return { sql: `date_trunc('second', ${UTC_NOW})` };
      if (kind === "date") return { sql: `${UTC_NOW}::date` };
      if (isText(target))
        return {
          sql: `to_char(${UTC_NOW}, '${d.format === "date" ? "YYYY-MM-DD" : "YYYY-MM-DD HH24:MI:SS"}')`,
        };
      return problem(`it has no equivalent for ${target.pgType}`);
    case "expression":
      return problem("an expression Ferry does not translate");
  }
}
