#!/usr/bin/env node
// The bundle (scripts/bundle.mjs): one file to load, where tsc's dist/src is about a hundred.
import '../dist/bundle/memprof.js';
