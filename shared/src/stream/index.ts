// The stream protocol (WebSocket /v1/stream) shared by the stream service and its clients.
export * from './stream-protocol.js';
