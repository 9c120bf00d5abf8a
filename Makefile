# Trainyard: `make` lists the targets. Every target finds a JDK >= 21 by itself.
SHELL := /bin/bash
.DEFAULT_GOAL := help

EXP  ?=
DATASET ?=
ARGS ?=
MODEL ?=
IMAGES ?=
ROWS ?=
# DRY_RUN=1 and CFG=1: Trainyard's --dry-run (what would train) and --cfg (each trial's resolved experiment).
DRY_RUN ?=
CFG ?=
JDK_HOME := $(shell sh src/scripts/find-jdk.sh 2>/dev/null)
JAVA := $(JDK_HOME)/bin/java
# Maven's own libraries call sun.misc.Unsafe, which JDK 24+ warns about in four lines that a
# newcomer reads as our faults; JDK 23+ knows the option that allows it quietly (older ones would refuse it).
JDK_VERSION := $(shell sed -n 's/^JAVA_VERSION="\([0-9]*\).*/\1/p' "$(JDK_HOME)/release" 2>/dev/null)
MAVEN_JVM := $(if $(shell [ "$(JDK_VERSION)" -ge 23 ] 2>/dev/null && echo yes),--sun-misc-unsafe-memory-access=allow)
MVN  := JAVA_HOME=$(JDK_HOME) MAVEN_OPTS="$(MAVEN_OPTS) $(MAVEN_JVM)" mvn -B -q -Dstyle.color=never
JAR  := target/trainyard.jar
# Every command runs through ./trainyard (which keeps the program's exit codes for scripts);
# the JVM flags, and why each, are in src/scripts/jvm.options.
RUN := ./trainyard
SOURCES := $(shell find src/main -type f 2>/dev/null) pom.xml

.PHONY: help build data run evaluate predict report test bench clean check-tools

help: ## list the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | sed -E 's/^([a-z-]+):.*## (.*)/  make \1\t\2/' | expand -t 24

check-tools:
	@test -n "$(JDK_HOME)" || { sh src/scripts/find-jdk.sh >/dev/null; exit 1; }
	@command -v mvn >/dev/null || { echo "trainyard: Maven (mvn) not found; install it, e.g. 'apt-get install maven'." >&2; exit 1; }

# Two commands started together (two `make run` of a sweep's parts, say) must not build at
# once: Maven's shade step of one would find the other's half-written jar. The second waits
# for the first (flock, where the system has it: util-linux; macOS has none) and then finds
# the jar already newer than every source.
$(JAR): $(SOURCES) | check-tools
	@mkdir -p target; exec 9>target/.build.lock; if command -v flock >/dev/null; then flock 9; fi; \
	if [ -f $(JAR) ] && [ -z "$$(find src/main pom.xml -newer $(JAR) -print 2>/dev/null | head -n 1)" ]; then exit 0; fi; \
	echo "Building $(JAR) with $(JDK_HOME) ..."; \
	$(MVN) -DskipTests package && \
	cp target/trainyard-packaged.jar target/.trainyard.jar.part && mv -f target/.trainyard.jar.part $(JAR)

build: $(JAR) ## compile and package target/trainyard.jar (only when sources changed)

data: $(JAR) ## fetch and verify MNIST and the Seattle weather table into data/ (DATASET=fashion_mnist: Fashion-MNIST)
	@$(RUN) data $(if $(DATASET),--dataset $(DATASET))

# `make run EXP=... --dry-run` is make's own dry run (-n), which only prints commands: say so.
ifneq (,$(findstring n,$(firstword -$(MAKEFLAGS))))
ifneq (,$(filter run,$(MAKECMDGOALS)))
$(info trainyard: make's --dry-run (-n) only prints make's commands; for Trainyard's, which lists the trials without training: make run EXP=... DRY_RUN=1)
endif
endif

run: $(JAR) ## train EXP=experiments/NAME.yaml (DRY_RUN=1 lists the trials, CFG=1 prints them resolved; ARGS="--force --debug" for more)
	@test -n "$(EXP)" || { echo "usage: make run EXP=experiments/relu_adam.yaml [DRY_RUN=1] [CFG=1] [ARGS=--force]" >&2; exit 2; }
	@$(RUN) run $(EXP) $(if $(DRY_RUN),--dry-run) $(if $(CFG),--cfg) $(ARGS)

test: $(JAR) ## run every test (fetches MNIST first so the real-data tests run)
	@$(RUN) data --dataset mnist || echo "trainyard: MNIST could not be fetched; the tests on real MNIST will be skipped."
	@$(RUN) data --dataset seattle_weather >/dev/null || echo "trainyard: the Seattle weather table could not be fetched (npm); its tests will be skipped."
	@$(RUN) data --dataset fashion_mnist >/dev/null 2>&1 || echo "trainyard: Fashion-MNIST is not installed (apt-get install dataset-fashion-mnist); its real-data test will be skipped."
	@JAVA_HOME=$(JDK_HOME) MAVEN_OPTS="$(MAVEN_OPTS) $(MAVEN_JVM)" mvn -B -Dstyle.color=never --no-transfer-progress test | grep -v -e '^\[INFO\] *$$' -e 'Download' ; status=$${PIPESTATUS[0]}; \
	  { [ -x /usr/bin/chromium ] && [ -x /usr/bin/chromedriver ]; } || echo "trainyard: the report's browser test was skipped: install chromium and chromium-driver (apt-get install -y chromium chromium-driver) to run it."; \
	  { [ -x /usr/sbin/slurmctld ] && [ -x /usr/sbin/munged ] && [ "$$(id -u)" = 0 ]; } || echo "trainyard: the Slurm launcher's test was skipped: it needs root and Debian's slurmctld slurmd slurm-client munge (.ci/run installs them)."; \
	  exit $$status

evaluate: $(JAR) ## test loss and accuracy of a saved run: MODEL=results/NAME/RUN_ID
	@test -n "$(MODEL)" || { echo "usage: make evaluate MODEL=results/relu_adam/RUN_ID" >&2; exit 2; }
	@$(RUN) evaluate $(MODEL) $(ARGS)

predict: $(JAR) ## classify images, MODEL=results/NAME/RUN_ID IMAGES="a.png b.png", or table rows, ROWS=rows.csv (ARGS=--json)
	@test -n "$(MODEL)" -a \( -n "$(IMAGES)" -o -n "$(ROWS)" \) || { echo "usage: make predict MODEL=results/relu_adam/RUN_ID IMAGES=\"a.png b.png\" (or ROWS=rows.csv for a table model) [ARGS=--json]" >&2; exit 2; }
	@$(RUN) predict $(MODEL) $(IMAGES) $(if $(ROWS),--rows $(ROWS)) $(ARGS)

report: $(JAR) ## write results/report.html comparing every run under results/
	@$(RUN) report $(ARGS)

bench: $(JAR) ## measure every vector width against numpy and the targets; writes results/bench.json
	@$(RUN) data >/dev/null
	@sh src/scripts/bench-peers.sh
	@$(JAVA) @src/scripts/jvm.options -cp $(JAR) trainyard.bench.Bench $(ARGS)

clean: ## remove target/ (keeps data/ and results/)
	@rm -rf target
