/**
 * What channels may use: the app, the shapes of clicks and deliveries, and the few facts of a
 * meeting a channel draws with (its data types, the languages). Channels import nothing else
 * of the core or the store.
 */
export { DEFAULT_TIME_ZONE, LOCALES, type Locale, type Meeting } from '../core/index.js';
export { StoreUnavailableError } from '../store/deadline.js';
export type { RecordStore } from '../store/record-store.js';
export { App, type AppOptions } from './app.js';
export type { CalendarFile } from './calendar.js';
export {
  besideOwnBoard,
  type ChannelName,
  type Conversation,
  type Delivery,
  type Recipient,
  reminderViewer,
} from './deliveries.js';
export { EXPORT_FORMATS, type ExportFile, type ExportFormat } from './export.js';
export type { Handled, HandleOptions, Who } from './interactions.js';
export type { Clock } from './meeting-service.js';
export { mayReadMemo, NOT_REVIEWED } from './memo-file.js';
export type { ChannelPort, DeliveryReport, DeliveryResult, RetryPolicy } from './port.js';
export { logFailedRequest, readBody, storeUnavailable } from './server.js';
