// Upload size limits shown and checked by the submit form. The API applies
// the same per-kind limits: models are checked against the challenge's
// model.max_size_mb, other files against limits.max_file_mb.

/** Largest accepted file of each kind, in bytes. */
export interface UploadLimits {
  maxFileBytes: number;
  /** Set only when the challenge accepts models. */
  maxModelBytes?: number;
}

/** Reports whether the API treats a file of this name as a model (.onnx, or .zip for TensorFlow.js). */
export function isModelFileName(fileName: string): boolean {
  const name = fileName.toLowerCase();
  return name.endsWith(".onnx") || name.endsWith(".zip");
}

/** Returns the size limit in bytes that applies to a file of this name. */
export function uploadLimitFor(fileName: string, limits: UploadLimits): number {
  if (limits.maxModelBytes !== undefined && isModelFileName(fileName)) {
    return limits.maxModelBytes;
  }
  return limits.maxFileBytes;
}
