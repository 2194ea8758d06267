// Anything exported here is public API of @mark1/context; everything else is internal.

export { ContextErrorCodes } from './errors';
export type { ContextErrorCode } from './errors';

export { ArtifactRefSchema, isSha256 } from './artifacts/artifact-ref';
export type { ArtifactRef } from './artifacts/artifact-ref';
export { createArtifactStore } from './artifacts/artifact-store';
export type {
  ArtifactStore,
  ArtifactStoreOptions,
  PutArtifactOptions,
  PutFileOptions,
} from './artifacts/artifact-store';

export { convertValue } from './convert/convert-value';
export type { ConversionResult, ConvertOptions } from './convert/convert-value';

export {
  CACHE_SIZE_UNIT_BYTES,
  cacheSizeBytesFromConfig,
  contextOptionsFromConfig,
} from './config';
export type { ContextConfigOptions } from './config';

export { CONTEXT_TYPES, CONTEXT_TYPE_PATTERN } from './store/context-input';
export type { PutContextInput } from './store/context-input';
export { createContextStore } from './store/context-store';
export type {
  ContextEntry,
  ContextSearchHit,
  ContextStore,
  ContextStoreOptions,
  ContextStoreStats,
  ContextSummary,
  ExportContextsOptions,
  ImportContextsOptions,
  ImportContextsResult,
  ListContextsOptions,
  SearchContextsOptions,
} from './store/context-store';
export {
  CONTEXT_EXPORT_FORMAT,
  CONTEXT_EXPORT_VERSION,
  ContextExportSchema,
  ExportedArtifactSchema,
  ExportedContextSchema,
} from './store/export-format';
export type { ContextExport, ExportedArtifact, ExportedContext } from './store/export-format';
export { SEARCH_WEIGHTS } from './store/search';
export type { SearchField } from './store/search';
