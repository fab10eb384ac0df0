/** `scalpel/client`: the typed client for the Scalpel service (browsers, Node, React Native). */
export { ScalpelClient, newKey, type Batch, type Session } from './client.js';
export { ScalpelClientError, type ClientOptions } from './http.js';
export {
  OfflineQueue,
  MemoryStore,
  type QueueStore,
  type Queued,
  type QueuedEdit,
  type Sent,
} from './offline.js';
export type {
  EditInput,
  ExportInput,
  ExportResult,
  ImageInput,
  ImageRef,
  Job,
  JobEvent,
  JobStatus,
  PlanAnswer,
  Publication,
  PublishInput,
  PlanContext,
  StepWhere,
} from './types.js';
