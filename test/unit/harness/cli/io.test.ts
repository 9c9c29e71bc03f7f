import { EventEmitter } from 'node:events';
import { BROKEN_PIPE_EXIT, stopQuietlyOnBrokenPipe } from '../../../../harness/cli/io';

const errno = (code: string): NodeJS.ErrnoException => Object.assign(new Error(`write ${code}`), { code });

describe('a stream whose reader went away', () => {
  it('stops the process quietly with 128 + SIGPIPE on EPIPE', () => {
    const stream = new EventEmitter();
    const exits: number[] = [];
    stopQuietlyOnBrokenPipe(stream, (code) => void exits.push(code));
    stream.emit('error', errno('EPIPE'));
    expect(exits).toEqual([BROKEN_PIPE_EXIT]);
    expect(BROKEN_PIPE_EXIT).toBe(141);
  });

  it('leaves any other error to node (thrown, as an unhandled stream error is)', () => {
    const stream = new EventEmitter();
    const exits: number[] = [];
    stopQuietlyOnBrokenPipe(stream, (code) => void exits.push(code));
    expect(() => stream.emit('error', errno('EIO'))).toThrow('write EIO');
    expect(exits).toEqual([]);
    // the listener is gone: a later error is node's own unhandled 'error'
    expect(stream.listenerCount('error')).toBe(0);
  });

  it('can be removed', () => {
    const stream = new EventEmitter();
    const remove = stopQuietlyOnBrokenPipe(stream, () => undefined);
    remove();
    expect(stream.listenerCount('error')).toBe(0);
  });
});
