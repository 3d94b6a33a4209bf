export * from "./users";
export * from "./connections";
export * from "./migrations";
export * from "./audit";
export * from "./preflight";
export * from "./checklists";
export * from "./rollback";
