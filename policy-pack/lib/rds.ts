/** RDS resources that hold data and take the storage-level settings (encryption, backups, deletion protection). */
export const RDS_DATABASE_TYPES: ReadonlySet<string> = new Set(["aws:rds/instance:Instance", "aws:rds/cluster:Cluster"]);
