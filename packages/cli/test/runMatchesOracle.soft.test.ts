import { duckdbPgliteProperty } from './support/duckdbPgliteProperty.js';

duckdbPgliteProperty('soft');
