-- Open Referral, after review: an imported place belongs to one organisation, and a service at
-- a location is found by its id through the index even for the API's anon reads.

-- Two organisations in a file may name the same HSDS location; each gets its own place, so a
-- group that claims one never edits the other's (and a re-import never rewrites a claimed one's).
drop index public.locations_source_idx;
create unique index locations_source_idx on public.locations (organisation_id, source, source_id) where source is not null;

-- Under row-level security the planner cannot use the hsds_id() index (the function is not
-- leakproof), so anon's lookup would hash every pair. This finds the offer as the owner; the API
-- then reads that offer under RLS, so an unpublished one stays unseen. Knowing an id already
-- means knowing the offer and place it was made from, so answering it reveals nothing new.
create function public.service_at_location_offer(service_at_location uuid) returns uuid
  language sql stable security definer set search_path = pg_catalog, pg_temp
  as $$
    select ol.offer_id from public.offer_locations ol
     where public.hsds_id(array['service_at_location', ol.offer_id::text, ol.location_id::text]) = service_at_location
    union all
    select o.id from public.offers o
     where o.attendance <> 'in_person' and public.hsds_id(array['service_at_location', o.id::text, 'online']) = service_at_location
    limit 1
  $$;
revoke execute on function public.service_at_location_offer(uuid) from public, anon, authenticated;
grant execute on function public.service_at_location_offer(uuid) to anon, authenticated, service_role;

-- The API lists services by name, a page at a time: with this index a page near the start is read
-- in order and stops after it, instead of sorting every offer in the directory.
create index offer_search_title_idx on public.offer_search (title_en, offer_id);
