-- The reference data every page reads: the outcome taxonomy (DESIGN.md §2) and the postcode
-- districts. Everyone reads them; only service_role writes them.
-- Run by scripts/pg15-check.sh (on PostgreSQL 15); everything is rolled back.
-- pg_temp.rows_changed() is shared by the policy tests (helpers.psql).

begin;
create extension if not exists pgtap with schema extensions;
select plan(52);
\ir helpers.psql

-- The data, as the owner.
select results_eq(
  $$ select category, count(*)::int from public.outcomes group by category order by category $$,
  $$ values ('change', 4), ('process', 5), ('quality_of_life', 6) $$,
  'outcomes: 6 quality-of-life, 5 process and 4 change outcomes');
select is_empty(
  $$ select id from public.outcomes o where not exists (select from public.outcome_areas a where a.outcome_id = o.id) $$,
  'every outcome belongs to at least one well-being area');
select is_empty(
  $$ select id from public.wellbeing_areas w where not exists (select from public.outcome_areas a where a.area_id = w.id) $$,
  'every well-being area has at least one outcome');
select is_empty(
  $$ select id from public.outcomes where btrim(label_cy) = '' or btrim(statement_cy) = ''
     union all select id from public.wellbeing_areas where btrim(label_cy) = '' $$,
  'every outcome and well-being area has Welsh text');
select results_eq(
  $$ select town, country from public.postcode_districts where outcode = 'CF37' $$,
  $$ values ('Pontypridd', 'Wales') $$,
  'postcode district CF37 is Pontypridd, in Wales');
select is_empty(
  $$ select outcode from public.postcode_districts where lat not between 49 and 61.5 or lng not between -9 and 2.5 $$,
  'every postcode district centroid lies within the bounds a location accepts');

create temporary table reference_fingerprint as
  select (select md5(string_agg(t::text, '|' order by t.id)) from public.outcomes t) as outcomes,
         (select md5(string_agg(t::text, '|' order by t.id)) from public.wellbeing_areas t) as wellbeing_areas,
         (select md5(string_agg(t::text, '|' order by t.outcome_id, t.area_id)) from public.outcome_areas t) as outcome_areas,
         (select md5(string_agg(t::text, '|' order by t.outcode)) from public.postcode_districts t) as postcode_districts;

-- Everyone reads all of it; runs as the current role. 4 tests.
create function pg_temp.reads_reference_data(who text) returns setof text
  language plpgsql as $f$
begin
  return next is((select count(*)::int from public.outcomes), 15, who || ' reads the 15 outcomes');
  return next is((select count(*)::int from public.wellbeing_areas), 8, who || ' reads the 8 well-being areas');
  return next is((select count(*)::int from public.outcome_areas), 23, who || ' reads the 23 outcome to well-being area links');
  return next is((select count(*)::int from public.postcode_districts), 2856, who || ' reads the 2856 postcode districts');
end $f$;

-- Readers cannot change any of it; runs as the current role. 16 tests.
create function pg_temp.cannot_write_reference_data(who text) returns setof text
  language plpgsql as $f$
declare
  tbl text;
begin
  return next throws_ok(
    $$ insert into public.outcomes (id, category, label_en, label_cy, statement_en, statement_cy, sort)
       values ('made-up', 'change', 'Made up', 'Made up', 'I made this up', 'I made this up', 99) $$,
    '42501', null, who || ' cannot insert an outcome');
  return next throws_ok(
    $$ insert into public.wellbeing_areas (id, label_en, label_cy, sort) values ('made-up', 'Made up', 'Made up', 99) $$,
    '42501', null, who || ' cannot insert a well-being area');
  return next throws_ok(
    $$ insert into public.outcome_areas (outcome_id, area_id) values ('skills', 'relationships') $$,
    '42501', null, who || ' cannot insert an outcome to well-being area link');
  return next throws_ok(
    $$ insert into public.postcode_districts (outcode, lat, lng, town, region, uk_region, country)
       values ('ZZ9', 51.5, -3.2, 'Nowhere', 'Nowhere', 'Wales', 'Wales') $$,
    '42501', null, who || ' cannot insert a postcode district');

  return next is(pg_temp.rows_changed($$ update public.outcomes set label_en = 'Hijacked' $$),
    0, who || ' updates no outcome');
  return next is(pg_temp.rows_changed($$ update public.wellbeing_areas set label_en = 'Hijacked' $$),
    0, who || ' updates no well-being area');
  return next is(pg_temp.rows_changed($$ update public.outcome_areas set area_id = 'relationships' where outcome_id = 'skills' $$),
    0, who || ' updates no outcome to well-being area link');
  return next is(pg_temp.rows_changed($$ update public.postcode_districts set lat = lat + 1 $$),
    0, who || ' updates no postcode district');

  return next is(pg_temp.rows_changed($$ delete from public.outcome_areas $$),
    0, who || ' deletes no outcome to well-being area link');
  return next is(pg_temp.rows_changed($$ delete from public.outcomes where id = 'skills' $$),
    0, who || ' deletes no outcome');
  return next is(pg_temp.rows_changed($$ delete from public.wellbeing_areas where id = 'relationships' $$),
    0, who || ' deletes no well-being area');
  return next is(pg_temp.rows_changed($$ delete from public.postcode_districts $$),
    0, who || ' deletes no postcode district');

  foreach tbl in array array['outcomes', 'wellbeing_areas', 'outcome_areas', 'postcode_districts'] loop
    return next throws_ok(format('truncate public.%I', tbl), '42501', null, who || ' cannot truncate ' || tbl);
  end loop;
end $f$;

-- anon
set local role anon;
select set_config('request.jwt.claims', '{"role":"anon"}', true);
select * from pg_temp.reads_reference_data('anon');
select * from pg_temp.cannot_write_reference_data('anon');
reset role;

-- authenticated
set local role authenticated;
select set_config('request.jwt.claims',
  '{"sub":"5f0c7a52-6d1e-4c8b-9a3f-2b7d8e4c1a90","role":"authenticated","aud":"authenticated"}', true);
select * from pg_temp.reads_reference_data('authenticated');
select * from pg_temp.cannot_write_reference_data('authenticated');
reset role;
select set_config('request.jwt.claims', '', true);

select results_eq(
  $$ select (select md5(string_agg(t::text, '|' order by t.id)) from public.outcomes t),
            (select md5(string_agg(t::text, '|' order by t.id)) from public.wellbeing_areas t),
            (select md5(string_agg(t::text, '|' order by t.outcome_id, t.area_id)) from public.outcome_areas t),
            (select md5(string_agg(t::text, '|' order by t.outcode)) from public.postcode_districts t) $$,
  $$ select outcomes, wellbeing_areas, outcome_areas, postcode_districts from reference_fingerprint $$,
  'the reference data is unchanged after anon and authenticated tried to write');

-- service_role reads and manages it.
set local role service_role;
select set_config('request.jwt.claims', '{"role":"service_role"}', true);
select * from pg_temp.reads_reference_data('service_role');
select lives_ok(
  $$ insert into public.outcomes (id, category, label_en, label_cy, statement_en, statement_cy, sort)
     values ('made-up', 'change', 'Made up', 'Gwneud i fyny', 'I made this up', 'Gwnes i hyn i fyny', 99) $$,
  'service_role can insert an outcome');
reset role;

select * from finish();
rollback;
