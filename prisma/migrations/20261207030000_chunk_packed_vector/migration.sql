-- Each chunk's embedding also as packed little-endian float32 (4 bytes a dimension, no per-element
-- lengths), stored out of line without compression (floats do not compress): a process loads a
-- store's vectors with one byte copy per chunk, and `octet_length` reads the size without the value.
-- `embedding` stays for pgvector's operators where the extension is installed.
ALTER TABLE "Chunk" ADD COLUMN "vector" BYTEA;
ALTER TABLE "Chunk" ALTER COLUMN "vector" SET STORAGE EXTERNAL;

-- chunks embedded before: packed from their real[] (float4send is big-endian, so each float's bytes are reversed)
UPDATE "Chunk" AS c
   SET "vector" = (
     SELECT string_agg(substring(b FROM 4 FOR 1) || substring(b FROM 3 FOR 1) || substring(b FROM 2 FOR 1) || substring(b FROM 1 FOR 1), ''::bytea ORDER BY i)
       FROM unnest(c.embedding) WITH ORDINALITY AS t(x, i), LATERAL (SELECT float4send(t.x) AS b) AS s
   )
 WHERE cardinality(c.embedding) > 0;
