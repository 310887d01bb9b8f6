-- Every security definer function in public with an empty search path now searches pg_catalog
-- first and the caller's temporary schema last (the few that name `public, extensions, pg_temp`
-- already put it last). With `search_path = ''` PostgreSQL still looks in pg_temp first for types, so
-- someone able to run SQL could shadow `text` with a type whose functions run as the owner. The
-- functions already name every object they use, so only that lookup order changes. Functions added
-- later set `search_path = pg_catalog, pg_temp` themselves (tests/db/definer-search-path.test.ts).
do $$
declare
  f regprocedure;
begin
  for f in
    select p.oid::regprocedure from pg_catalog.pg_proc p
     where p.pronamespace = 'public'::regnamespace and p.prosecdef
       and 'search_path=""' = any(p.proconfig)
  loop
    execute format('alter function %s set search_path = pg_catalog, pg_temp', f);
  end loop;
end
$$;
