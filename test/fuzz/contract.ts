import { CLIENT_SECRET_REQUEST_LIMITS, DEFAULTS } from '../../lib/navai.constants.js';

/** What the README and the module's defaults promise, as the fuzz suite checks it. */
export type Route = 'mint' | 'list' | 'execute';

export const ROUTES: Record<Route, { method: 'GET' | 'POST'; path: string }> = {
  mint: { method: 'POST', path: '/navai/realtime/client-secret' },
  list: { method: 'GET', path: '/navai/functions' },
  execute: { method: 'POST', path: '/navai/functions/execute' },
};

/** The module's defaults: `bodyLimit`, `maxPayloadDepth`, `maxPayloadValues`. */
export const { bodyLimit: BODY_LIMIT, maxPayloadDepth: MAX_PAYLOAD_DEPTH, maxPayloadValues: MAX_PAYLOAD_VALUES } = DEFAULTS;

/** Fields of the client-secret body and their limits, in characters. */
export const CLIENT_SECRET_LIMITS = CLIENT_SECRET_REQUEST_LIMITS;
export const CLIENT_SECRET_FIELDS = Object.keys(CLIENT_SECRET_LIMITS) as Array<keyof typeof CLIENT_SECRET_LIMITS>;

/** The fuzz app's tools in registry order (decorated ones, then folder tools in path order), with their sources. */
export const TOOL_SOURCES = {
  echo: 'FuzzTools#echo',
  get_order: 'FuzzTools#getOrder',
  book_room: 'FuzzTools#bookRoom',
  forecast: 'FuzzTools#forecast',
  reserve_stock: 'FuzzTools#reserveStock',
  staff_report: 'FuzzTools#staffReport',
  quote_parcel: 'src/ai/functions-modules/parcel.ts#quoteParcel',
  tally: 'src/ai/functions-modules/tally.ts#tally',
} as const;
export type ToolName = keyof typeof TOOL_SOURCES;
export const TOOL_NAMES = Object.keys(TOOL_SOURCES) as ToolName[];
/** Tools behind StaffGuard. */
export const GUARDED_TOOLS: readonly ToolName[] = ['staff_report'];

