// The reference for GraphQL over HTTP: a bare graphql-yoga (Drover's own
// version) answering `{ hello }`, nothing else, on node:http.
import http from "node:http";
import type { AddressInfo } from "node:net";
import { createSchema, createYoga } from "graphql-yoga";
import { serveParent } from "../child.ts";

const yoga = createYoga({
  schema: createSchema({ typeDefs: "type Query { hello: String! }", resolvers: { Query: { hello: () => "world" } } }),
  logging: false,
  landingPage: false,
  graphiql: false,
});
const server = http.createServer(yoga);
await new Promise<void>((r) => server.listen(0, "127.0.0.1", () => r()));
const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/graphql`;
serveParent({ url }, {}, () => new Promise<void>((r) => server.close(() => r())));
