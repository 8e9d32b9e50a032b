#!/usr/bin/env bats
# numbers.bats

load helpers/common
