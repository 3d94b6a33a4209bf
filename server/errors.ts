/** An error whose message is safe to show the user and says what to fix. Never put a secret in it. */
export class DomainError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = "DomainError";
  }
}

export const notFound = (what: string) => new DomainError(404, "not_found", `${what} was not found.`);
export const badRequest = (code: string, message: string) => new DomainError(400, code, message);
export const conflict = (code: string, message: string) => new DomainError(409, code, message);
