// Installs a browser-like global WebSocket in Node 20 (side effect only).
export {};
