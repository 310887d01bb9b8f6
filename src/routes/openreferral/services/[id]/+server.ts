import { respond } from '$lib/server/openreferral/publish/http';
import { getService } from '$lib/server/openreferral/publish/services';
import type { RequestHandler } from './$types';

export const GET: RequestHandler = ({ url, params, locals }) =>
	respond(() => locals.withClaims((tx) => getService(tx, params.id, url.origin)));
export { OPTIONS } from '$lib/server/openreferral/publish/http';
