// Importing other directories' Open Referral UK (HSDS 3.0) data: docs/openreferral.md "Importing".
export { importOpenReferral, type ImportInput } from './import';
export { describeProblem, describeRecord, type ReportLocale } from './describe';
export { readImportFile, readImportFolder } from './folder';
export type { ImportCounts, ImportFile, ImportMode, ImportProblem, ImportProgress, ImportReport, RecordRef } from './types';
