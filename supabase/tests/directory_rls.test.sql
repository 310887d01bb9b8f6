-- Row-level security of the directory, as anon, authenticated and service_role would meet it
-- through PostgREST or db.withClaims: `set local role …` plus request.jwt.claims.
-- Run by scripts/pg15-check.sh (on PostgreSQL 15); everything is rolled back.
-- pg_temp.rows_changed() is shared by the policy tests (helpers.psql).
--
-- Fixtures (inserted as the owner):
--   org P  10000000-…-001  published   location LP 20000000-…-001
--   org Q  10000000-…-002  pending     location LQ 20000000-…-002
--   offer A 30000000-…-001  published, by P   (at LP; outcomes seeing-people, staying-well; schedule 40000000-…-001)
--   offer D 30000000-…-002  draft, by P       (at LP; outcome things-to-do;                 schedule 40000000-…-002)
--   offer X 30000000-…-003  published, by Q   (at LQ; outcome feeling-safe;                 schedule 40000000-…-003)
-- Readers (anon, authenticated) must see P, LP, A and A's children, and nothing else.

begin;
create extension if not exists pgtap with schema extensions;
select plan(83);
\ir helpers.psql

-- Every table the API can reach has RLS: a future table without it fails here.
select is_empty(
  $$ select c.relname::text from pg_class c join pg_namespace n on n.oid = c.relnamespace
     where n.nspname = 'public' and c.relkind in ('r', 'p') and not c.relrowsecurity $$,
  'every table in schema public has row-level security enabled'
);
-- RLS does not govern TRUNCATE, and the default privileges grant it on every new table:
-- each migration that adds a table must revoke it from the API roles.
select is_empty(
  $$ select c.relname || ' (' || r || ')' from pg_class c join pg_namespace n on n.oid = c.relnamespace,
       unnest(array['anon', 'authenticated']) r
     where n.nspname = 'public' and c.relkind in ('r', 'p') and has_table_privilege(r, c.oid, 'TRUNCATE') $$,
  'no table in schema public can be truncated by anon or authenticated'
);
-- A view runs with its owner's rights (bypassing RLS) unless it is security_invoker.
select is_empty(
  $$ select c.relname::text from pg_class c join pg_namespace n on n.oid = c.relnamespace
     where n.nspname = 'public' and c.relkind = 'v'
       and not exists (select from unnest(c.reloptions) o where o ~* '^security_invoker=(true|on|yes|1)$') $$,
  'every view in schema public is security_invoker'
);

-- Fixtures, as the owner.
insert into public.organisations (id, name, status) values
  ('10000000-0000-4000-8000-000000000001', 'Published group', 'published'),
  ('10000000-0000-4000-8000-000000000002', 'Pending group', 'pending');
insert into public.locations (id, organisation_id, name, postcode, outcode, lat, lng) values
  ('20000000-0000-4000-8000-000000000001', '10000000-0000-4000-8000-000000000001', 'Church hall', 'CF37 1AA', 'CF37', 51.6026, -3.3429),
  ('20000000-0000-4000-8000-000000000002', '10000000-0000-4000-8000-000000000002', 'Back room', 'CF37 2BB', 'CF37', 51.6100, -3.3300);
insert into public.offers (id, organisation_id, title_en, kind, cost, access, attendance, status) values
  ('30000000-0000-4000-8000-000000000001', '10000000-0000-4000-8000-000000000001', 'Tuesday walk', 'walking_group', 'free', 'drop_in', 'in_person', 'published'),
  ('30000000-0000-4000-8000-000000000002', '10000000-0000-4000-8000-000000000001', 'Lunch club (not ready)', 'lunch_club', 'low_cost', 'booking', 'in_person', 'draft'),
  ('30000000-0000-4000-8000-000000000003', '10000000-0000-4000-8000-000000000002', 'Peer support (group not approved)', 'peer_support', 'free', 'drop_in', 'in_person', 'published');
insert into public.offer_outcomes (offer_id, outcome_id) values
  ('30000000-0000-4000-8000-000000000001', 'seeing-people'),
  ('30000000-0000-4000-8000-000000000001', 'staying-well'),
  ('30000000-0000-4000-8000-000000000002', 'things-to-do'),
  ('30000000-0000-4000-8000-000000000003', 'feeling-safe');
insert into public.offer_locations (offer_id, location_id) values
  ('30000000-0000-4000-8000-000000000001', '20000000-0000-4000-8000-000000000001'),
  ('30000000-0000-4000-8000-000000000002', '20000000-0000-4000-8000-000000000001'),
  ('30000000-0000-4000-8000-000000000003', '20000000-0000-4000-8000-000000000002');
insert into public.schedules (id, offer_id, freq, byday, opens_at, closes_at) values
  ('40000000-0000-4000-8000-000000000001', '30000000-0000-4000-8000-000000000001', 'WEEKLY', '{TU}', '10:00', '11:30'),
  ('40000000-0000-4000-8000-000000000002', '30000000-0000-4000-8000-000000000002', 'MONTHLY', '{1WE}', '12:00', '13:30'),
  ('40000000-0000-4000-8000-000000000003', '30000000-0000-4000-8000-000000000003', 'WEEKLY', '{FR}', '14:00', '15:00');

-- The fixture rows as text, read with the owner's rights (a temporary view runs as its owner).
create temporary view fixture_rows as
  select 'organisations' as tbl, t::text as row_text from public.organisations t
    where t.id in ('10000000-0000-4000-8000-000000000001', '10000000-0000-4000-8000-000000000002')
  union all select 'locations', t::text from public.locations t
    where t.organisation_id in ('10000000-0000-4000-8000-000000000001', '10000000-0000-4000-8000-000000000002')
  union all select 'offers', t::text from public.offers t
    where t.organisation_id in ('10000000-0000-4000-8000-000000000001', '10000000-0000-4000-8000-000000000002')
  union all select 'offer_outcomes', t::text from public.offer_outcomes t
    where t.offer_id::text like '30000000-0000-4000-8000-00000000000_'
  union all select 'offer_locations', t::text from public.offer_locations t
    where t.offer_id::text like '30000000-0000-4000-8000-00000000000_'
  union all select 'schedules', t::text from public.schedules t
    where t.offer_id::text like '30000000-0000-4000-8000-00000000000_';
create temporary table fixture_snapshot as select * from fixture_rows;

-- What a reader (anon or authenticated) may and may not do; runs as the current role. 30 tests.
create function pg_temp.reader_checks(who text) returns setof text
  language plpgsql as $f$
declare
  tbl text;
begin
  -- Sees the published offer of the published organisation, its children, and nothing else.
  return next set_eq(
    $$ select id from public.organisations
       where id in ('10000000-0000-4000-8000-000000000001', '10000000-0000-4000-8000-000000000002') $$,
    array['10000000-0000-4000-8000-000000000001']::uuid[],
    who || ' sees the published organisation, not the pending one');
  return next set_eq(
    $$ select id from public.locations
       where organisation_id in ('10000000-0000-4000-8000-000000000001', '10000000-0000-4000-8000-000000000002') $$,
    array['20000000-0000-4000-8000-000000000001']::uuid[],
    who || ' sees locations of the published organisation only');
  return next set_eq(
    $$ select id from public.offers
       where organisation_id in ('10000000-0000-4000-8000-000000000001', '10000000-0000-4000-8000-000000000002') $$,
    array['30000000-0000-4000-8000-000000000001']::uuid[],
    who || ' sees the published offer only (not the draft, not the pending organisation''s)');
  return next set_eq(
    $$ select offer_id || '/' || outcome_id from public.offer_outcomes
       where offer_id::text like '30000000-0000-4000-8000-00000000000_' $$,
    array['30000000-0000-4000-8000-000000000001/seeing-people', '30000000-0000-4000-8000-000000000001/staying-well'],
    who || ' sees the outcomes of the published offer only');
  return next set_eq(
    $$ select offer_id || '/' || location_id from public.offer_locations
       where offer_id::text like '30000000-0000-4000-8000-00000000000_' $$,
    array['30000000-0000-4000-8000-000000000001/20000000-0000-4000-8000-000000000001'],
    who || ' sees the locations of the published offer only');
  return next set_eq(
    $$ select id from public.schedules where offer_id::text like '30000000-0000-4000-8000-00000000000_' $$,
    array['40000000-0000-4000-8000-000000000001']::uuid[],
    who || ' sees the schedule of the published offer only');

  -- Cannot insert (RLS: 42501).
  return next throws_ok(
    $$ insert into public.organisations (name, status) values ('Sneaky group', 'published') $$,
    '42501', null, who || ' cannot insert an organisation');
  return next throws_ok(
    $$ insert into public.locations (organisation_id, name, lat, lng)
       values ('10000000-0000-4000-8000-000000000001', 'Sneaky hall', 51.6, -3.3) $$,
    '42501', null, who || ' cannot insert a location');
  return next throws_ok(
    $$ insert into public.offers (organisation_id, title_en, kind, cost, access, attendance, status)
       values ('10000000-0000-4000-8000-000000000001', 'Sneaky offer', 'activity', 'free', 'drop_in', 'in_person', 'published') $$,
    '42501', null, who || ' cannot insert an offer');
  return next throws_ok(
    $$ insert into public.offer_outcomes (offer_id, outcome_id) values ('30000000-0000-4000-8000-000000000001', 'skills') $$,
    '42501', null, who || ' cannot insert an offer outcome');
  return next throws_ok(
    $$ insert into public.offer_locations (offer_id, location_id)
       values ('30000000-0000-4000-8000-000000000001', '20000000-0000-4000-8000-000000000002') $$,
    '42501', null, who || ' cannot insert an offer location');
  return next throws_ok(
    $$ insert into public.schedules (offer_id, freq, byday, opens_at, closes_at)
       values ('30000000-0000-4000-8000-000000000001', 'WEEKLY', '{MO}', '09:00', '10:00') $$,
    '42501', null, who || ' cannot insert a schedule');

  -- Cannot update or delete: RLS leaves every row out, so nothing changes.
  return next is(pg_temp.rows_changed(
    $$ update public.organisations set name = 'Hijacked', status = 'published'
       where id in ('10000000-0000-4000-8000-000000000001', '10000000-0000-4000-8000-000000000002') $$),
    0, who || ' updates no organisation');
  return next is(pg_temp.rows_changed(
    $$ update public.locations set name = 'Hijacked'
       where organisation_id in ('10000000-0000-4000-8000-000000000001', '10000000-0000-4000-8000-000000000002') $$),
    0, who || ' updates no location');
  return next is(pg_temp.rows_changed(
    $$ update public.offers set title_en = 'Hijacked', status = 'published'
       where organisation_id in ('10000000-0000-4000-8000-000000000001', '10000000-0000-4000-8000-000000000002') $$),
    0, who || ' updates no offer');
  return next is(pg_temp.rows_changed(
    $$ update public.offer_outcomes set outcome_id = 'skills'
       where offer_id::text like '30000000-0000-4000-8000-00000000000_' $$),
    0, who || ' updates no offer outcome');
  return next is(pg_temp.rows_changed(
    $$ update public.offer_locations set location_id = '20000000-0000-4000-8000-000000000002'
       where offer_id::text like '30000000-0000-4000-8000-00000000000_' $$),
    0, who || ' updates no offer location');
  return next is(pg_temp.rows_changed(
    $$ update public.schedules set opens_at = '06:00' where offer_id::text like '30000000-0000-4000-8000-00000000000_' $$),
    0, who || ' updates no schedule');

  return next is(pg_temp.rows_changed(
    $$ delete from public.organisations
       where id in ('10000000-0000-4000-8000-000000000001', '10000000-0000-4000-8000-000000000002') $$),
    0, who || ' deletes no organisation');
  return next is(pg_temp.rows_changed(
    $$ delete from public.locations
       where organisation_id in ('10000000-0000-4000-8000-000000000001', '10000000-0000-4000-8000-000000000002') $$),
    0, who || ' deletes no location');
  return next is(pg_temp.rows_changed(
    $$ delete from public.offers
       where organisation_id in ('10000000-0000-4000-8000-000000000001', '10000000-0000-4000-8000-000000000002') $$),
    0, who || ' deletes no offer');
  return next is(pg_temp.rows_changed(
    $$ delete from public.offer_outcomes where offer_id::text like '30000000-0000-4000-8000-00000000000_' $$),
    0, who || ' deletes no offer outcome');
  return next is(pg_temp.rows_changed(
    $$ delete from public.offer_locations where offer_id::text like '30000000-0000-4000-8000-00000000000_' $$),
    0, who || ' deletes no offer location');
  return next is(pg_temp.rows_changed(
    $$ delete from public.schedules where offer_id::text like '30000000-0000-4000-8000-00000000000_' $$),
    0, who || ' deletes no schedule');

  -- RLS does not govern TRUNCATE; the privilege is revoked.
  foreach tbl in array array['organisations', 'locations', 'offers', 'offer_outcomes', 'offer_locations', 'schedules'] loop
    return next throws_ok(format('truncate public.%I', tbl), '42501', null, who || ' cannot truncate ' || tbl);
  end loop;
end $f$;

-- anon
set local role anon;
select set_config('request.jwt.claims', '{"role":"anon"}', true);
select * from pg_temp.reader_checks('anon');
reset role;

-- authenticated: a signed-in person with no special standing
set local role authenticated;
select set_config('request.jwt.claims',
  '{"sub":"5f0c7a52-6d1e-4c8b-9a3f-2b7d8e4c1a90","role":"authenticated","aud":"authenticated"}', true);
select * from pg_temp.reader_checks('authenticated');
reset role;
select set_config('request.jwt.claims', '', true);

-- Nothing the readers tried changed a fixture row (read back with the owner's rights).
select set_eq(format('select row_text from fixture_rows where tbl = %L', t),
              format('select row_text from fixture_snapshot where tbl = %L', t),
              t || ' fixture rows are unchanged after anon and authenticated tried to write')
  from unnest(array['organisations', 'locations', 'offers', 'offer_outcomes', 'offer_locations', 'schedules']) t;

-- service_role: sees everything, writes everything.
set local role service_role;
select set_config('request.jwt.claims', '{"role":"service_role"}', true);

select set_eq(
  $$ select id from public.organisations
     where id in ('10000000-0000-4000-8000-000000000001', '10000000-0000-4000-8000-000000000002') $$,
  array['10000000-0000-4000-8000-000000000001', '10000000-0000-4000-8000-000000000002']::uuid[],
  'service_role sees published and pending organisations');
select set_eq(
  $$ select id from public.locations
     where organisation_id in ('10000000-0000-4000-8000-000000000001', '10000000-0000-4000-8000-000000000002') $$,
  array['20000000-0000-4000-8000-000000000001', '20000000-0000-4000-8000-000000000002']::uuid[],
  'service_role sees every location');
select set_eq(
  $$ select id from public.offers
     where organisation_id in ('10000000-0000-4000-8000-000000000001', '10000000-0000-4000-8000-000000000002') $$,
  array['30000000-0000-4000-8000-000000000001', '30000000-0000-4000-8000-000000000002',
        '30000000-0000-4000-8000-000000000003']::uuid[],
  'service_role sees published, draft and pending-organisation offers');
select is((select count(*)::int from public.offer_outcomes where offer_id::text like '30000000-0000-4000-8000-00000000000_'),
  4, 'service_role sees every offer outcome');
select is((select count(*)::int from public.offer_locations where offer_id::text like '30000000-0000-4000-8000-00000000000_'),
  3, 'service_role sees every offer location');
select is((select count(*)::int from public.schedules where offer_id::text like '30000000-0000-4000-8000-00000000000_'),
  3, 'service_role sees every schedule');

select lives_ok(
  $$ insert into public.organisations (id, name, status) values ('10000000-0000-4000-8000-000000000009', 'New group', 'pending') $$,
  'service_role can insert an organisation');
select lives_ok(
  $$ insert into public.locations (id, organisation_id, name, lat, lng)
     values ('20000000-0000-4000-8000-000000000009', '10000000-0000-4000-8000-000000000009', 'New hall', 51.48, -3.18) $$,
  'service_role can insert a location');
select lives_ok(
  $$ insert into public.offers (id, organisation_id, title_en, kind, cost, access, attendance)
     values ('30000000-0000-4000-8000-000000000009', '10000000-0000-4000-8000-000000000009', 'New offer', 'befriending', 'free', 'referral', 'both') $$,
  'service_role can insert an offer');
select lives_ok(
  $$ insert into public.offer_outcomes (offer_id, outcome_id) values ('30000000-0000-4000-8000-000000000009', 'seeing-people') $$,
  'service_role can insert an offer outcome');
select lives_ok(
  $$ insert into public.offer_locations (offer_id, location_id)
     values ('30000000-0000-4000-8000-000000000009', '20000000-0000-4000-8000-000000000009') $$,
  'service_role can insert an offer location');
select lives_ok(
  $$ insert into public.schedules (id, offer_id, freq, byday, opens_at, closes_at)
     values ('40000000-0000-4000-8000-000000000009', '30000000-0000-4000-8000-000000000009', 'MONTHLY', '{-1FR}', '18:00', '20:00') $$,
  'service_role can insert a schedule');
select is(pg_temp.rows_changed(
  $$ update public.offers set status = 'published' where id = '30000000-0000-4000-8000-000000000002' $$),
  1, 'service_role can update an offer');
select is(pg_temp.rows_changed(
  $$ delete from public.organisations where id = '10000000-0000-4000-8000-000000000009' $$),
  1, 'service_role can delete an organisation');
reset role;

select * from finish();
rollback;
