import { describe, expect, it } from 'vitest';
import { MediaToolError, runMediaTool } from './media-tool.ts';

const node = (script: string) => [process.execPath, ['-e', script]] as const;

describe('runMediaTool', () => {
  it("resolves with the tool's output", async () => {
    const { stdout } = await runMediaTool(...node('process.stdout.write("ok")'));
    expect(stdout.toString()).toBe('ok');
  });

  it('rejects with the exit code and the end of stderr (else stdout)', async () => {
    const failed = runMediaTool(
      ...node('console.error("x".repeat(9000) + "the cause"); process.exit(3)'),
    );
    await expect(failed).rejects.toBeInstanceOf(MediaToolError);
    await expect(failed).rejects.toMatchObject({ exitCode: 3, message: /exit 3.*the cause$/s });
    await expect(failed).rejects.toSatisfy((e: MediaToolError) => e.stderrTail.length <= 4000);
    await expect(
      runMediaTool(...node('console.log("said on stdout"); process.exit(1)')),
    ).rejects.toThrow(/said on stdout/);
  });

  it('kills the tool when aborted or past its time', async () => {
    const controller = new AbortController();
    const running = runMediaTool(...node('setTimeout(() => {}, 60000)'), {
      signal: controller.signal,
    });
    controller.abort(new Error('stop'));
    await expect(running).rejects.toThrow('stop');
    await expect(
      runMediaTool(...node('setTimeout(() => {}, 60000)'), { timeoutMs: 200 }),
    ).rejects.toThrow(/ran past 200 ms/);
  });

  it('says when the tool is missing', async () => {
    await expect(runMediaTool('/nonexistent/ffmpeg', [])).rejects.toThrow(/could not run/);
  });
});
