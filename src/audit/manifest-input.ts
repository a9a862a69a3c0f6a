/** A YAML or JSON text to audit, with the file name its findings and problems report. */
export interface ManifestText {
  /** The name findings and problems report for the text: its path as the user knows it, or `-` for standard input. */
  readonly file: string;

  /** The text: one or more YAML documents (separated by `---`), or JSON. */
  readonly text: string;
}

/**
 * Limits for reading manifests from files and texts (the CLI's `--max-input-size`, `--max-document-size` and
 * `--max-document-nodes`). A file or document over a limit is an ERROR problem of the report and is not audited;
 * the other files and documents still are.
 */
export interface ManifestReadOptions {
  /**
   * Bytes one file may have (`Audit.ofFiles`).
   * @default 268435456 (256 MiB)
   */
  readonly maxInputSize?: number;

  /**
   * Characters one YAML document may have.
   * @default 33554432 (32 MiB)
   */
  readonly maxDocumentSize?: number;

  /**
   * Nodes (mappings, sequences, scalars) one document may expand to, each alias counted by its expansion.
   * @default 1000000
   */
  readonly maxDocumentNodes?: number;
}
