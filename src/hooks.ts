import type { Reroute } from '@sveltejs/kit';
import { deLocalizeUrl } from '$lib/paraglide/runtime';

// /cy/find is the Welsh /find: one route, two languages.
export const reroute: Reroute = (request) => deLocalizeUrl(request.url).pathname;
