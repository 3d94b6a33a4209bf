import type { PreflightCheck } from "./check";
import { diskSpace } from "./checks/disk-space";
import { durationWindow } from "./checks/duration-window";
import { sourceEncoding, targetEncoding } from "./checks/encodings";
import { extensions } from "./checks/extensions";
import { identifierCase, identifierClash, identifierLength, identifierReserved } from "./checks/identifiers";
import { notCarried } from "./checks/not-carried";
import { pgDumpAvailable } from "./checks/pg-dump";
import { foreignKeysInScope, planReady } from "./checks/plan-ready";
import { predictedRejects } from "./checks/predicted-rejects";
import { primaryKeys } from "./checks/primary-keys";
import { sourceLocks, sourceLongTransactions } from "./checks/source-activity";
import { sourceConnect } from "./checks/source-connect";
import { sourceSelect } from "./checks/source-select";
import { targetConnectionSlots } from "./checks/target-capacity";
import { targetCollisions } from "./checks/target-collisions";
import { targetConnect } from "./checks/target-connect";
import {
  targetConnectPrivilege,
  targetCreateOnDatabase,
  targetCreateOnSchema,
  targetInsert,
} from "./checks/target-privileges";
import { targetVersion } from "./checks/target-version";
import { targetWritable } from "./checks/target-writable";
import { sourceTls, targetTls } from "./checks/tls";
import { lossyTypes, unsupportedTypes } from "./checks/type-mappings";

/** Every preflight check, in the order a DBA reads them: reach, server, privileges, space, data, names, timing. */
export const PREFLIGHT_CHECKS: readonly PreflightCheck[] = [
  sourceConnect,
  targetConnect,
  targetVersion,
  targetWritable,
  targetConnectPrivilege,
  targetCreateOnDatabase,
  targetCreateOnSchema,
  targetInsert,
  sourceSelect,
  sourceTls,
  targetTls,
  targetConnectionSlots,
  diskSpace,
  sourceEncoding,
  targetEncoding,
  extensions,
  pgDumpAvailable,
  planReady,
  targetCollisions,
  primaryKeys,
  foreignKeysInScope,
  notCarried,
  unsupportedTypes,
  lossyTypes,
  predictedRejects,
  identifierLength,
  identifierReserved,
  identifierCase,
  identifierClash,
  sourceLongTransactions,
  sourceLocks,
  durationWindow,
];
