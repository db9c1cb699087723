// The storefront's runtime settings (web/src/config.ts). As built, none: the API and its WebSocket are on the
// page's own origin. A deployed stage replaces this file with its WebSocket API's URL (lib/storefront-site.ts),
// and `npm start`'s storefront origin with the gateway's URLs (local/storefront.ts).
