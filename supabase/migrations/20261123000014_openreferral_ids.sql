-- Open Referral: name-based ids that SQL can compute too (docs/openreferral.md, Ids).
--
-- A service_at_location has no row of its own: its id is named from the offer and the place. To
-- look one up by id without hashing every pair in the directory, SQL computes the same id as
-- src/lib/server/openreferral/ids.ts (a UUID version 8 from SHA-256, which PostgreSQL has built
-- in), and an index on that expression finds the pair at once.

-- The namespace is ids.ts's; parts are joined with the unit separator (U+001F), as there.
create function public.hsds_id(parts text[]) returns uuid
  language sql immutable strict parallel safe
  -- A SET clause keeps this from being inlined, so index expressions see an immutable function
  -- (convert_to on its own is only stable; the database's encoding is fixed at UTF-8).
  set search_path = pg_catalog, pg_temp
  as $$
    with hashed as (
      select sha256(decode('6f1c3a524c2e5d0b9a377c1e2b8f4d10', 'hex') || convert_to(array_to_string(parts, chr(31)), 'UTF8')) as b
    ), hex as (
      select encode(b, 'hex') as h, get_byte(b, 8) as variant from hashed
    )
    select (substr(h, 1, 12) || '8' || substr(h, 14, 3) || lpad(to_hex((variant & 63) | 128), 2, '0') || substr(h, 19, 14))::uuid
      from hex
  $$;
revoke execute on function public.hsds_id(text[]) from public, anon, authenticated;
grant execute on function public.hsds_id(text[]) to anon, authenticated, service_role;

create index offer_locations_hsds_idx on public.offer_locations
  (public.hsds_id(array['service_at_location', offer_id::text, location_id::text]));
create index offers_online_hsds_idx on public.offers
  (public.hsds_id(array['service_at_location', id::text, 'online'])) where attendance <> 'in_person';
