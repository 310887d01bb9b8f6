import { respond } from '$lib/server/openreferral/publish/http';
import { getServiceAtLocation } from '$lib/server/openreferral/publish/service-at-locations';
import type { RequestHandler } from './$types';

export const GET: RequestHandler = ({ url, params, locals }) =>
	respond(() => locals.withClaims((tx) => getServiceAtLocation(tx, params.id, url.origin)));
export { OPTIONS } from '$lib/server/openreferral/publish/http';
