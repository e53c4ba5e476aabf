export * from './frames.ts';
export * from './hls.ts';
export * from './jpeg-frames.ts';
export * from './manager.ts';
export * from './probe.ts';
export * from './processes.ts';
export * from './sources.ts';
export * from './test-pattern.ts';
