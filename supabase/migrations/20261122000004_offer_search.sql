-- offer_search: one row per place a published offer of a published group happens (or one
-- row with no place for an offer that has none), with everything search filters on.
-- Why: row level security on the normalised tables makes every candidate row re-check
-- offer → organisation, and keeps the planner off the distance index (cube's operators are
-- not leakproof). This table holds only what anyone may see, so its read policy is `true`,
-- nearest-first is a GiST KNN scan that stops after a page, and the normalised tables keep
-- their policies for every other use. Triggers keep it in step within the same transaction.

create table public.offer_search (
  offer_id uuid not null references public.offers (id) on delete cascade,
  location_id uuid references public.locations (id) on delete cascade,
  lat double precision,
  lng double precision,
  -- The point on the earth, stored so a search computes it once per query, not once per row.
  earth extensions.earth,
  outcome_ids text[] not null,
  cost text not null,
  languages text[] not null,
  attendance text not null,
  wheelchair boolean not null,
  weekdays text[] not null,
  search_text text not null,
  title_en text not null,
  unique nulls not distinct (offer_id, location_id)
);
comment on table public.offer_search is 'Search rows for published offers only; maintained by triggers (refresh_offer_search), never written directly.';

create index offer_search_earth_idx on public.offer_search using gist (earth);
create index offer_search_offer_idx on public.offer_search (offer_id);
-- Trigram index for the words search (`like '%word%'`), used when words narrow things more than place does.
create index offer_search_text_idx on public.offer_search using gin (search_text extensions.gin_trgm_ops);

alter table public.offer_search enable row level security;
create policy "everyone reads search rows (published offers only)" on public.offer_search
  for select to anon, authenticated using (true);
create policy "service role reads search rows" on public.offer_search for select to service_role using (true);
revoke insert, update, delete, truncate on public.offer_search from anon, authenticated, service_role;

-- Rebuilds the search rows of the given offers from the normalised tables.
create or replace function public.refresh_offer_search(offer_ids uuid[]) returns void
  language plpgsql
  security definer
  set search_path = public, extensions, pg_temp
  as $$
begin
  -- Two transactions refreshing one offer take turns, so neither sees the other's half-done rows.
  perform 1 from offers where id = any(offer_ids) order by id for no key update;
  delete from offer_search where offer_id = any(offer_ids);
  insert into offer_search (offer_id, location_id, lat, lng, earth, outcome_ids, cost, languages, attendance,
                            wheelchair, weekdays, search_text, title_en)
  select o.id, l.id, l.lat, l.lng, ll_to_earth(l.lat, l.lng),
         array(select oo.outcome_id from offer_outcomes oo where oo.offer_id = o.id order by 1),
         o.cost, o.languages, o.attendance,
         coalesce(l.accessibility @> '{wheelchair}', false),
         -- Days of schedules not yet ended. Rows go stale as end dates pass until the offer is next
         -- written; a daily refresh job arrives with the jobs issue.
         array(select distinct right(d, 2) from schedules s cross join unnest(s.byday) d
                where s.offer_id = o.id and (s.valid_to is null or s.valid_to >= current_date) order by 1),
         o.search_text, o.title_en
    from offers o
    join organisations g on g.id = o.organisation_id and g.status = 'published'
    left join offer_locations ol on ol.offer_id = o.id
    left join locations l on l.id = ol.location_id
   where o.id = any(offer_ids) and o.status = 'published';
end
$$;
revoke execute on function public.refresh_offer_search(uuid[]) from public, anon, authenticated;

-- One statement-level trigger function for every table search depends on; TG_ARGV[0] says
-- how a changed row leads to offers. Set-based, so bulk loads stay fast.
create or replace function public.offer_search_follow() returns trigger
  language plpgsql
  security definer
  set search_path = public, extensions, pg_temp
  as $$
declare
  changed uuid[] := '{}';
  lookup text := case TG_ARGV[0]
    when 'offer' then 'select id from %s'
    when 'child' then 'select offer_id from %s'
    when 'organisation' then 'select o.id from offers o where o.organisation_id in (select id from %s)'
    when 'location' then 'select ol.offer_id from offer_locations ol where ol.location_id in (select id from %s)'
  end;
  found uuid[];
begin
  if TG_OP in ('INSERT', 'UPDATE') then
    execute format('select coalesce(array_agg(distinct x), ''{}'') from (' || lookup || ') t(x)', 'new_rows') into found;
    changed := changed || found;
  end if;
  if TG_OP in ('UPDATE', 'DELETE') then
    execute format('select coalesce(array_agg(distinct x), ''{}'') from (' || lookup || ') t(x)', 'old_rows') into found;
    changed := changed || found;
  end if;
  if cardinality(changed) > 0 then
    perform refresh_offer_search(changed);
  end if;
  return null;
end
$$;
revoke execute on function public.offer_search_follow() from public, anon, authenticated;

-- Transition tables allow one event per trigger, hence three triggers a table.
do $$
declare
  t record;
begin
  for t in select * from (values
      ('offers', 'offer'), ('offer_outcomes', 'child'), ('offer_locations', 'child'),
      ('schedules', 'child'), ('organisations', 'organisation'), ('locations', 'location')) v(tab, kind)
  loop
    execute format('create trigger %I after insert on public.%I referencing new table as new_rows
                    for each statement execute function public.offer_search_follow(%L)', t.tab || '_search_ins', t.tab, t.kind);
    execute format('create trigger %I after update on public.%I referencing old table as old_rows new table as new_rows
                    for each statement execute function public.offer_search_follow(%L)', t.tab || '_search_upd', t.tab, t.kind);
    -- After a cascade from offers, the child triggers find no offer left and simply remove nothing.
    execute format('create trigger %I after delete on public.%I referencing old table as old_rows
                    for each statement execute function public.offer_search_follow(%L)', t.tab || '_search_del', t.tab, t.kind);
  end loop;
end
$$;

-- Rows for offers that exist already.
select public.refresh_offer_search(array(select id from public.offers));
