# Trainyard: `make` lists the targets. Every target finds a JDK >= 21 by itself.
SHELL := /bin/bash
.DEFAULT_GOAL := help

EXP  ?=
ARGS ?=
MODEL ?=
IMAGES ?=
JDK_HOME := $(shell sh src/scripts/find-jdk.sh 2>/dev/null)
JAVA := $(JDK_HOME)/bin/java
MVN  := JAVA_HOME=$(JDK_HOME) mvn -B -q
JAR  := target/trainyard.jar
# -XX:-TieredCompilation: C1 can bail out on the big kernels and leave them slow for the
# whole run (seen here); C2 from the start avoids it. The heap is sized for MNIST, not 1/4 of
# RAM, and the serial collector keeps it small (peak RSS 254 MB vs 485 MB with ParallelGC).
# VECTOR_ACCESS_OOB_CHECK=0: the kernels check their arrays' sizes once per call, and the
# tests run them with every access checked (=2); per-access checks halve training speed.
# CompileCommand inline: VectorMath's exp, tanh and sigmoid take and return vectors; once
# C2 compiled tanh on its own (too big to inline after that) every call boxed its vectors,
# 1.9 KB a step (seen here). Always inlined, they never box. (Quoted: the shell must not glob.)
# CompileThresholdScaling 0.01 for the kernels only: C2 compiles them after 1% of the usual calls,
# so the first epoch spends less time in the interpreter, where a vector loop runs ~100x slower
# (first relu_adam epoch on a Zen 3: median 2.2 s against 2.7 s; whole-program scaling gave slower code).
JVM_FLAGS := --add-modules jdk.incubator.vector -XX:-TieredCompilation -XX:+UseSerialGC -Xms32m -Xmx512m \
	-Djdk.incubator.vector.VECTOR_ACCESS_OOB_CHECK=0 \
	-XX:CompileCommand=quiet '-XX:CompileCommand=inline,trainyard.kernels.VectorMath::*' \
	'-XX:CompileCommand=CompileThresholdScaling,trainyard.kernels.*::*,0.01'
RUN := $(JAVA) $(JVM_FLAGS) -jar $(JAR)
SOURCES := $(shell find src/main -type f 2>/dev/null) pom.xml

.PHONY: help build data run evaluate predict report test bench clean check-tools

help: ## list the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | sed -E 's/^([a-z-]+):.*## (.*)/  make \1\t\2/' | expand -t 24

check-tools:
	@test -n "$(JDK_HOME)" || { sh src/scripts/find-jdk.sh >/dev/null; exit 1; }
	@command -v mvn >/dev/null || { echo "trainyard: Maven (mvn) not found; install it, e.g. 'apt-get install maven'." >&2; exit 1; }

$(JAR): $(SOURCES) | check-tools
	@echo "Building $(JAR) with $(JDK_HOME) ..."
	@$(MVN) -DskipTests package
	@touch $(JAR)

build: $(JAR) ## compile and package target/trainyard.jar (only when sources changed)

data: $(JAR) ## download and verify MNIST into data/mnist/
	@$(RUN) data

run: $(JAR) ## train EXP=experiments/NAME.yaml (ARGS="--force --debug" for more)
	@test -n "$(EXP)" || { echo "usage: make run EXP=experiments/relu_adam.yaml [ARGS=--force]" >&2; exit 2; }
	@$(RUN) run $(EXP) $(ARGS)

test: $(JAR) ## run every test (fetches MNIST first so the real-data tests run)
	@$(RUN) data || echo "trainyard: MNIST could not be fetched; the tests on real MNIST will be skipped."
	@JAVA_HOME=$(JDK_HOME) mvn -B --no-transfer-progress test | grep -v -e '^\[INFO\] *$$' -e 'Download' ; status=$${PIPESTATUS[0]}; \
	  { [ -x /usr/bin/chromium ] && [ -x /usr/bin/chromedriver ]; } || echo "trainyard: the report's browser test was skipped: install chromium and chromium-driver (apt-get install -y chromium chromium-driver) to run it."; \
	  exit $$status

evaluate: $(JAR) ## test loss and accuracy of a saved run: MODEL=results/NAME/RUN_ID
	@test -n "$(MODEL)" || { echo "usage: make evaluate MODEL=results/relu_adam/RUN_ID" >&2; exit 2; }
	@$(RUN) evaluate $(MODEL) $(ARGS)

predict: $(JAR) ## classify images: MODEL=results/NAME/RUN_ID IMAGES="a.png b.png" (ARGS=--json)
	@test -n "$(MODEL)" -a -n "$(IMAGES)" || { echo "usage: make predict MODEL=results/relu_adam/RUN_ID IMAGES=\"a.png b.png\" [ARGS=--json]" >&2; exit 2; }
	@$(RUN) predict $(MODEL) $(IMAGES) $(ARGS)

report: $(JAR) ## write results/report.html comparing every run under results/
	@$(RUN) report $(ARGS)

bench: $(JAR) ## measure every vector width against numpy and the targets; writes results/bench.json
	@$(RUN) data >/dev/null
	@$(JAVA) $(JVM_FLAGS) -cp $(JAR) trainyard.bench.Bench $(ARGS)

clean: ## remove target/ (keeps data/ and results/)
	@rm -rf target
