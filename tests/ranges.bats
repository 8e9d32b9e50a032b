#!/usr/bin/env bats
# ranges.bats

load helpers/common
