// The part of janode (untyped JavaScript) the media service uses.
declare module 'janode' {
  export interface JanodeHandle {
    message(
      body: Record<string, unknown>,
      jsep?: unknown,
    ): Promise<{
      plugindata?: { data?: Record<string, unknown> };
    }>;
    on(event: string, listener: (data: Record<string, unknown>) => void): void;
    once(event: string, listener: (data: Record<string, unknown>) => void): void;
    detach(): Promise<void>;
  }
  export interface JanodeSession {
    attach(plugin: unknown): Promise<JanodeHandle>;
    destroy(): Promise<void>;
    once(event: string, listener: () => void): void;
  }
  export interface JanodeConnection {
    create(keepAliveSeconds?: number): Promise<JanodeSession>;
    close(): Promise<void>;
    once(event: string, listener: (err?: unknown) => void): void;
    on(event: string, listener: (err?: unknown) => void): void;
  }
  const Janode: {
    connect(config: {
      address: { url: string };
      retry_time_secs?: number;
      max_retries?: number;
    }): Promise<JanodeConnection>;
    EVENT: Record<string, string>;
    Logger: { setLevel(level: string): string };
  };
  export default Janode;
}
declare module 'janode/plugins/videoroom' {
  const VideoRoomPlugin: { EVENT: Record<string, string> };
  export default VideoRoomPlugin;
}
