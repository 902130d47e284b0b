export interface ImportRecordsTable {
  site_id: string;
  source: string;
  kind: string;
  source_id: string;
  target: string;
}

export interface ImportTables {
  import_records: ImportRecordsTable;
}
