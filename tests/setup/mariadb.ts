import mysql from "mysql2/promise";

/** The local MariaDB as root over TCP (the socket may use unix_socket auth); the test's own user and database. */
export const MARIADB_ROOT = { host: "127.0.0.1", port: 3306, user: "root", password: "" };

export async function withMariadb<T>(fn: (c: mysql.Connection) => Promise<T>, database?: string): Promise<T> {
  const c = await mysql.createConnection({
    ...MARIADB_ROOT,
    database,
    multipleStatements: true,
    charset: "utf8mb4",
  });
  try {
    return await fn(c);
  } finally {
    await c.end();
  }
}

/** A fresh database and a password user that may only read it; drop both with the returned function. */
export async function freshMariadb(
  database: string,
  user: string,
  password: string,
): Promise<{ drop: () => Promise<void> }> {
  await withMariadb(async (c) => {
    await c.query(`DROP DATABASE IF EXISTS \`${database}\``);
    await c.query(`DROP USER IF EXISTS '${user}'@'%'`);
    await c.query(`CREATE DATABASE \`${database}\` CHARACTER SET utf8mb4 COLLATE utf8mb4_general_ci`);
    await c.query(`CREATE USER '${user}'@'%' IDENTIFIED BY '${password}'`);
    await c.query(`GRANT SELECT, SHOW VIEW ON \`${database}\`.* TO '${user}'@'%'`);
  });
  return {
    drop: () =>
      withMariadb(async (c) => {
        await c.query(`DROP DATABASE IF EXISTS \`${database}\``);
        await c.query(`DROP USER IF EXISTS '${user}'@'%'`);
      }),
  };
}
