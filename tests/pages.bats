#!/usr/bin/env bats
# pages.bats

load helpers/common
