package dev.agentmemory.v1;

import static io.grpc.MethodDescriptor.generateFullMethodName;

/**
 * <pre>
 * DecisionLogService is an agent's complete decision log: every decision with
 * its context and reasoning, its outcome once known, the links between
 * decisions, and a live, resumable stream of what happens to the log.
 * decision_type is UPPER_SNAKE_CASE, 1-64 characters (SOURCE_SELECTION,
 * QUERY, SIGNAL_GENERATION, LEARNING, or any new type). Decision ids are
 * UUIDv7 strings: they sort in the order the decisions were logged.
 * </pre>
 */
@io.grpc.stub.annotations.GrpcGenerated
public final class DecisionLogServiceGrpc {

  private DecisionLogServiceGrpc() {}

  public static final java.lang.String SERVICE_NAME = "agentmemory.v1.DecisionLogService";

  // Static method descriptors that strictly reflect the proto.
  private static volatile io.grpc.MethodDescriptor<dev.agentmemory.v1.LogDecisionRequest,
      dev.agentmemory.v1.LogDecisionResponse> getLogDecisionMethod;

  @io.grpc.stub.annotations.RpcMethod(
      fullMethodName = SERVICE_NAME + '/' + "LogDecision",
      requestType = dev.agentmemory.v1.LogDecisionRequest.class,
      responseType = dev.agentmemory.v1.LogDecisionResponse.class,
      methodType = io.grpc.MethodDescriptor.MethodType.UNARY)
  public static io.grpc.MethodDescriptor<dev.agentmemory.v1.LogDecisionRequest,
      dev.agentmemory.v1.LogDecisionResponse> getLogDecisionMethod() {
    io.grpc.MethodDescriptor<dev.agentmemory.v1.LogDecisionRequest, dev.agentmemory.v1.LogDecisionResponse> getLogDecisionMethod;
    if ((getLogDecisionMethod = DecisionLogServiceGrpc.getLogDecisionMethod) == null) {
      synchronized (DecisionLogServiceGrpc.class) {
        if ((getLogDecisionMethod = DecisionLogServiceGrpc.getLogDecisionMethod) == null) {
          DecisionLogServiceGrpc.getLogDecisionMethod = getLogDecisionMethod =
              io.grpc.MethodDescriptor.<dev.agentmemory.v1.LogDecisionRequest, dev.agentmemory.v1.LogDecisionResponse>newBuilder()
              .setType(io.grpc.MethodDescriptor.MethodType.UNARY)
              .setFullMethodName(generateFullMethodName(SERVICE_NAME, "LogDecision"))
              .setSampledToLocalTracing(true)
              .setRequestMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  dev.agentmemory.v1.LogDecisionRequest.getDefaultInstance()))
              .setResponseMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  dev.agentmemory.v1.LogDecisionResponse.getDefaultInstance()))
              .setSchemaDescriptor(new DecisionLogServiceMethodDescriptorSupplier("LogDecision"))
              .build();
        }
      }
    }
    return getLogDecisionMethod;
  }

  private static volatile io.grpc.MethodDescriptor<dev.agentmemory.v1.LogDecisionsRequest,
      dev.agentmemory.v1.LogDecisionsResponse> getLogDecisionsMethod;

  @io.grpc.stub.annotations.RpcMethod(
      fullMethodName = SERVICE_NAME + '/' + "LogDecisions",
      requestType = dev.agentmemory.v1.LogDecisionsRequest.class,
      responseType = dev.agentmemory.v1.LogDecisionsResponse.class,
      methodType = io.grpc.MethodDescriptor.MethodType.CLIENT_STREAMING)
  public static io.grpc.MethodDescriptor<dev.agentmemory.v1.LogDecisionsRequest,
      dev.agentmemory.v1.LogDecisionsResponse> getLogDecisionsMethod() {
    io.grpc.MethodDescriptor<dev.agentmemory.v1.LogDecisionsRequest, dev.agentmemory.v1.LogDecisionsResponse> getLogDecisionsMethod;
    if ((getLogDecisionsMethod = DecisionLogServiceGrpc.getLogDecisionsMethod) == null) {
      synchronized (DecisionLogServiceGrpc.class) {
        if ((getLogDecisionsMethod = DecisionLogServiceGrpc.getLogDecisionsMethod) == null) {
          DecisionLogServiceGrpc.getLogDecisionsMethod = getLogDecisionsMethod =
              io.grpc.MethodDescriptor.<dev.agentmemory.v1.LogDecisionsRequest, dev.agentmemory.v1.LogDecisionsResponse>newBuilder()
              .setType(io.grpc.MethodDescriptor.MethodType.CLIENT_STREAMING)
              .setFullMethodName(generateFullMethodName(SERVICE_NAME, "LogDecisions"))
              .setSampledToLocalTracing(true)
              .setRequestMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  dev.agentmemory.v1.LogDecisionsRequest.getDefaultInstance()))
              .setResponseMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  dev.agentmemory.v1.LogDecisionsResponse.getDefaultInstance()))
              .setSchemaDescriptor(new DecisionLogServiceMethodDescriptorSupplier("LogDecisions"))
              .build();
        }
      }
    }
    return getLogDecisionsMethod;
  }

  private static volatile io.grpc.MethodDescriptor<dev.agentmemory.v1.RecordOutcomeRequest,
      dev.agentmemory.v1.RecordOutcomeResponse> getRecordOutcomeMethod;

  @io.grpc.stub.annotations.RpcMethod(
      fullMethodName = SERVICE_NAME + '/' + "RecordOutcome",
      requestType = dev.agentmemory.v1.RecordOutcomeRequest.class,
      responseType = dev.agentmemory.v1.RecordOutcomeResponse.class,
      methodType = io.grpc.MethodDescriptor.MethodType.UNARY)
  public static io.grpc.MethodDescriptor<dev.agentmemory.v1.RecordOutcomeRequest,
      dev.agentmemory.v1.RecordOutcomeResponse> getRecordOutcomeMethod() {
    io.grpc.MethodDescriptor<dev.agentmemory.v1.RecordOutcomeRequest, dev.agentmemory.v1.RecordOutcomeResponse> getRecordOutcomeMethod;
    if ((getRecordOutcomeMethod = DecisionLogServiceGrpc.getRecordOutcomeMethod) == null) {
      synchronized (DecisionLogServiceGrpc.class) {
        if ((getRecordOutcomeMethod = DecisionLogServiceGrpc.getRecordOutcomeMethod) == null) {
          DecisionLogServiceGrpc.getRecordOutcomeMethod = getRecordOutcomeMethod =
              io.grpc.MethodDescriptor.<dev.agentmemory.v1.RecordOutcomeRequest, dev.agentmemory.v1.RecordOutcomeResponse>newBuilder()
              .setType(io.grpc.MethodDescriptor.MethodType.UNARY)
              .setFullMethodName(generateFullMethodName(SERVICE_NAME, "RecordOutcome"))
              .setSampledToLocalTracing(true)
              .setRequestMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  dev.agentmemory.v1.RecordOutcomeRequest.getDefaultInstance()))
              .setResponseMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  dev.agentmemory.v1.RecordOutcomeResponse.getDefaultInstance()))
              .setSchemaDescriptor(new DecisionLogServiceMethodDescriptorSupplier("RecordOutcome"))
              .build();
        }
      }
    }
    return getRecordOutcomeMethod;
  }

  private static volatile io.grpc.MethodDescriptor<dev.agentmemory.v1.GetDecisionRequest,
      dev.agentmemory.v1.GetDecisionResponse> getGetDecisionMethod;

  @io.grpc.stub.annotations.RpcMethod(
      fullMethodName = SERVICE_NAME + '/' + "GetDecision",
      requestType = dev.agentmemory.v1.GetDecisionRequest.class,
      responseType = dev.agentmemory.v1.GetDecisionResponse.class,
      methodType = io.grpc.MethodDescriptor.MethodType.UNARY)
  public static io.grpc.MethodDescriptor<dev.agentmemory.v1.GetDecisionRequest,
      dev.agentmemory.v1.GetDecisionResponse> getGetDecisionMethod() {
    io.grpc.MethodDescriptor<dev.agentmemory.v1.GetDecisionRequest, dev.agentmemory.v1.GetDecisionResponse> getGetDecisionMethod;
    if ((getGetDecisionMethod = DecisionLogServiceGrpc.getGetDecisionMethod) == null) {
      synchronized (DecisionLogServiceGrpc.class) {
        if ((getGetDecisionMethod = DecisionLogServiceGrpc.getGetDecisionMethod) == null) {
          DecisionLogServiceGrpc.getGetDecisionMethod = getGetDecisionMethod =
              io.grpc.MethodDescriptor.<dev.agentmemory.v1.GetDecisionRequest, dev.agentmemory.v1.GetDecisionResponse>newBuilder()
              .setType(io.grpc.MethodDescriptor.MethodType.UNARY)
              .setFullMethodName(generateFullMethodName(SERVICE_NAME, "GetDecision"))
              .setSampledToLocalTracing(true)
              .setRequestMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  dev.agentmemory.v1.GetDecisionRequest.getDefaultInstance()))
              .setResponseMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  dev.agentmemory.v1.GetDecisionResponse.getDefaultInstance()))
              .setSchemaDescriptor(new DecisionLogServiceMethodDescriptorSupplier("GetDecision"))
              .build();
        }
      }
    }
    return getGetDecisionMethod;
  }

  private static volatile io.grpc.MethodDescriptor<dev.agentmemory.v1.QueryDecisionsRequest,
      dev.agentmemory.v1.QueryDecisionsResponse> getQueryDecisionsMethod;

  @io.grpc.stub.annotations.RpcMethod(
      fullMethodName = SERVICE_NAME + '/' + "QueryDecisions",
      requestType = dev.agentmemory.v1.QueryDecisionsRequest.class,
      responseType = dev.agentmemory.v1.QueryDecisionsResponse.class,
      methodType = io.grpc.MethodDescriptor.MethodType.UNARY)
  public static io.grpc.MethodDescriptor<dev.agentmemory.v1.QueryDecisionsRequest,
      dev.agentmemory.v1.QueryDecisionsResponse> getQueryDecisionsMethod() {
    io.grpc.MethodDescriptor<dev.agentmemory.v1.QueryDecisionsRequest, dev.agentmemory.v1.QueryDecisionsResponse> getQueryDecisionsMethod;
    if ((getQueryDecisionsMethod = DecisionLogServiceGrpc.getQueryDecisionsMethod) == null) {
      synchronized (DecisionLogServiceGrpc.class) {
        if ((getQueryDecisionsMethod = DecisionLogServiceGrpc.getQueryDecisionsMethod) == null) {
          DecisionLogServiceGrpc.getQueryDecisionsMethod = getQueryDecisionsMethod =
              io.grpc.MethodDescriptor.<dev.agentmemory.v1.QueryDecisionsRequest, dev.agentmemory.v1.QueryDecisionsResponse>newBuilder()
              .setType(io.grpc.MethodDescriptor.MethodType.UNARY)
              .setFullMethodName(generateFullMethodName(SERVICE_NAME, "QueryDecisions"))
              .setSampledToLocalTracing(true)
              .setRequestMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  dev.agentmemory.v1.QueryDecisionsRequest.getDefaultInstance()))
              .setResponseMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  dev.agentmemory.v1.QueryDecisionsResponse.getDefaultInstance()))
              .setSchemaDescriptor(new DecisionLogServiceMethodDescriptorSupplier("QueryDecisions"))
              .build();
        }
      }
    }
    return getQueryDecisionsMethod;
  }

  private static volatile io.grpc.MethodDescriptor<dev.agentmemory.v1.GetDecisionChainRequest,
      dev.agentmemory.v1.GetDecisionChainResponse> getGetDecisionChainMethod;

  @io.grpc.stub.annotations.RpcMethod(
      fullMethodName = SERVICE_NAME + '/' + "GetDecisionChain",
      requestType = dev.agentmemory.v1.GetDecisionChainRequest.class,
      responseType = dev.agentmemory.v1.GetDecisionChainResponse.class,
      methodType = io.grpc.MethodDescriptor.MethodType.SERVER_STREAMING)
  public static io.grpc.MethodDescriptor<dev.agentmemory.v1.GetDecisionChainRequest,
      dev.agentmemory.v1.GetDecisionChainResponse> getGetDecisionChainMethod() {
    io.grpc.MethodDescriptor<dev.agentmemory.v1.GetDecisionChainRequest, dev.agentmemory.v1.GetDecisionChainResponse> getGetDecisionChainMethod;
    if ((getGetDecisionChainMethod = DecisionLogServiceGrpc.getGetDecisionChainMethod) == null) {
      synchronized (DecisionLogServiceGrpc.class) {
        if ((getGetDecisionChainMethod = DecisionLogServiceGrpc.getGetDecisionChainMethod) == null) {
          DecisionLogServiceGrpc.getGetDecisionChainMethod = getGetDecisionChainMethod =
              io.grpc.MethodDescriptor.<dev.agentmemory.v1.GetDecisionChainRequest, dev.agentmemory.v1.GetDecisionChainResponse>newBuilder()
              .setType(io.grpc.MethodDescriptor.MethodType.SERVER_STREAMING)
              .setFullMethodName(generateFullMethodName(SERVICE_NAME, "GetDecisionChain"))
              .setSampledToLocalTracing(true)
              .setRequestMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  dev.agentmemory.v1.GetDecisionChainRequest.getDefaultInstance()))
              .setResponseMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  dev.agentmemory.v1.GetDecisionChainResponse.getDefaultInstance()))
              .setSchemaDescriptor(new DecisionLogServiceMethodDescriptorSupplier("GetDecisionChain"))
              .build();
        }
      }
    }
    return getGetDecisionChainMethod;
  }

  private static volatile io.grpc.MethodDescriptor<dev.agentmemory.v1.SubscribeDecisionsRequest,
      dev.agentmemory.v1.SubscribeDecisionsResponse> getSubscribeDecisionsMethod;

  @io.grpc.stub.annotations.RpcMethod(
      fullMethodName = SERVICE_NAME + '/' + "SubscribeDecisions",
      requestType = dev.agentmemory.v1.SubscribeDecisionsRequest.class,
      responseType = dev.agentmemory.v1.SubscribeDecisionsResponse.class,
      methodType = io.grpc.MethodDescriptor.MethodType.SERVER_STREAMING)
  public static io.grpc.MethodDescriptor<dev.agentmemory.v1.SubscribeDecisionsRequest,
      dev.agentmemory.v1.SubscribeDecisionsResponse> getSubscribeDecisionsMethod() {
    io.grpc.MethodDescriptor<dev.agentmemory.v1.SubscribeDecisionsRequest, dev.agentmemory.v1.SubscribeDecisionsResponse> getSubscribeDecisionsMethod;
    if ((getSubscribeDecisionsMethod = DecisionLogServiceGrpc.getSubscribeDecisionsMethod) == null) {
      synchronized (DecisionLogServiceGrpc.class) {
        if ((getSubscribeDecisionsMethod = DecisionLogServiceGrpc.getSubscribeDecisionsMethod) == null) {
          DecisionLogServiceGrpc.getSubscribeDecisionsMethod = getSubscribeDecisionsMethod =
              io.grpc.MethodDescriptor.<dev.agentmemory.v1.SubscribeDecisionsRequest, dev.agentmemory.v1.SubscribeDecisionsResponse>newBuilder()
              .setType(io.grpc.MethodDescriptor.MethodType.SERVER_STREAMING)
              .setFullMethodName(generateFullMethodName(SERVICE_NAME, "SubscribeDecisions"))
              .setSampledToLocalTracing(true)
              .setRequestMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  dev.agentmemory.v1.SubscribeDecisionsRequest.getDefaultInstance()))
              .setResponseMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  dev.agentmemory.v1.SubscribeDecisionsResponse.getDefaultInstance()))
              .setSchemaDescriptor(new DecisionLogServiceMethodDescriptorSupplier("SubscribeDecisions"))
              .build();
        }
      }
    }
    return getSubscribeDecisionsMethod;
  }

  private static volatile io.grpc.MethodDescriptor<dev.agentmemory.v1.AnalyzeDecisionsRequest,
      dev.agentmemory.v1.AnalyzeDecisionsResponse> getAnalyzeDecisionsMethod;

  @io.grpc.stub.annotations.RpcMethod(
      fullMethodName = SERVICE_NAME + '/' + "AnalyzeDecisions",
      requestType = dev.agentmemory.v1.AnalyzeDecisionsRequest.class,
      responseType = dev.agentmemory.v1.AnalyzeDecisionsResponse.class,
      methodType = io.grpc.MethodDescriptor.MethodType.UNARY)
  public static io.grpc.MethodDescriptor<dev.agentmemory.v1.AnalyzeDecisionsRequest,
      dev.agentmemory.v1.AnalyzeDecisionsResponse> getAnalyzeDecisionsMethod() {
    io.grpc.MethodDescriptor<dev.agentmemory.v1.AnalyzeDecisionsRequest, dev.agentmemory.v1.AnalyzeDecisionsResponse> getAnalyzeDecisionsMethod;
    if ((getAnalyzeDecisionsMethod = DecisionLogServiceGrpc.getAnalyzeDecisionsMethod) == null) {
      synchronized (DecisionLogServiceGrpc.class) {
        if ((getAnalyzeDecisionsMethod = DecisionLogServiceGrpc.getAnalyzeDecisionsMethod) == null) {
          DecisionLogServiceGrpc.getAnalyzeDecisionsMethod = getAnalyzeDecisionsMethod =
              io.grpc.MethodDescriptor.<dev.agentmemory.v1.AnalyzeDecisionsRequest, dev.agentmemory.v1.AnalyzeDecisionsResponse>newBuilder()
              .setType(io.grpc.MethodDescriptor.MethodType.UNARY)
              .setFullMethodName(generateFullMethodName(SERVICE_NAME, "AnalyzeDecisions"))
              .setSampledToLocalTracing(true)
              .setRequestMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  dev.agentmemory.v1.AnalyzeDecisionsRequest.getDefaultInstance()))
              .setResponseMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  dev.agentmemory.v1.AnalyzeDecisionsResponse.getDefaultInstance()))
              .setSchemaDescriptor(new DecisionLogServiceMethodDescriptorSupplier("AnalyzeDecisions"))
              .build();
        }
      }
    }
    return getAnalyzeDecisionsMethod;
  }

  private static volatile io.grpc.MethodDescriptor<dev.agentmemory.v1.GetSourceEffectivenessRequest,
      dev.agentmemory.v1.GetSourceEffectivenessResponse> getGetSourceEffectivenessMethod;

  @io.grpc.stub.annotations.RpcMethod(
      fullMethodName = SERVICE_NAME + '/' + "GetSourceEffectiveness",
      requestType = dev.agentmemory.v1.GetSourceEffectivenessRequest.class,
      responseType = dev.agentmemory.v1.GetSourceEffectivenessResponse.class,
      methodType = io.grpc.MethodDescriptor.MethodType.UNARY)
  public static io.grpc.MethodDescriptor<dev.agentmemory.v1.GetSourceEffectivenessRequest,
      dev.agentmemory.v1.GetSourceEffectivenessResponse> getGetSourceEffectivenessMethod() {
    io.grpc.MethodDescriptor<dev.agentmemory.v1.GetSourceEffectivenessRequest, dev.agentmemory.v1.GetSourceEffectivenessResponse> getGetSourceEffectivenessMethod;
    if ((getGetSourceEffectivenessMethod = DecisionLogServiceGrpc.getGetSourceEffectivenessMethod) == null) {
      synchronized (DecisionLogServiceGrpc.class) {
        if ((getGetSourceEffectivenessMethod = DecisionLogServiceGrpc.getGetSourceEffectivenessMethod) == null) {
          DecisionLogServiceGrpc.getGetSourceEffectivenessMethod = getGetSourceEffectivenessMethod =
              io.grpc.MethodDescriptor.<dev.agentmemory.v1.GetSourceEffectivenessRequest, dev.agentmemory.v1.GetSourceEffectivenessResponse>newBuilder()
              .setType(io.grpc.MethodDescriptor.MethodType.UNARY)
              .setFullMethodName(generateFullMethodName(SERVICE_NAME, "GetSourceEffectiveness"))
              .setSampledToLocalTracing(true)
              .setRequestMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  dev.agentmemory.v1.GetSourceEffectivenessRequest.getDefaultInstance()))
              .setResponseMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  dev.agentmemory.v1.GetSourceEffectivenessResponse.getDefaultInstance()))
              .setSchemaDescriptor(new DecisionLogServiceMethodDescriptorSupplier("GetSourceEffectiveness"))
              .build();
        }
      }
    }
    return getGetSourceEffectivenessMethod;
  }

  private static volatile io.grpc.MethodDescriptor<dev.agentmemory.v1.FindEmergingPatternsRequest,
      dev.agentmemory.v1.FindEmergingPatternsResponse> getFindEmergingPatternsMethod;

  @io.grpc.stub.annotations.RpcMethod(
      fullMethodName = SERVICE_NAME + '/' + "FindEmergingPatterns",
      requestType = dev.agentmemory.v1.FindEmergingPatternsRequest.class,
      responseType = dev.agentmemory.v1.FindEmergingPatternsResponse.class,
      methodType = io.grpc.MethodDescriptor.MethodType.UNARY)
  public static io.grpc.MethodDescriptor<dev.agentmemory.v1.FindEmergingPatternsRequest,
      dev.agentmemory.v1.FindEmergingPatternsResponse> getFindEmergingPatternsMethod() {
    io.grpc.MethodDescriptor<dev.agentmemory.v1.FindEmergingPatternsRequest, dev.agentmemory.v1.FindEmergingPatternsResponse> getFindEmergingPatternsMethod;
    if ((getFindEmergingPatternsMethod = DecisionLogServiceGrpc.getFindEmergingPatternsMethod) == null) {
      synchronized (DecisionLogServiceGrpc.class) {
        if ((getFindEmergingPatternsMethod = DecisionLogServiceGrpc.getFindEmergingPatternsMethod) == null) {
          DecisionLogServiceGrpc.getFindEmergingPatternsMethod = getFindEmergingPatternsMethod =
              io.grpc.MethodDescriptor.<dev.agentmemory.v1.FindEmergingPatternsRequest, dev.agentmemory.v1.FindEmergingPatternsResponse>newBuilder()
              .setType(io.grpc.MethodDescriptor.MethodType.UNARY)
              .setFullMethodName(generateFullMethodName(SERVICE_NAME, "FindEmergingPatterns"))
              .setSampledToLocalTracing(true)
              .setRequestMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  dev.agentmemory.v1.FindEmergingPatternsRequest.getDefaultInstance()))
              .setResponseMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  dev.agentmemory.v1.FindEmergingPatternsResponse.getDefaultInstance()))
              .setSchemaDescriptor(new DecisionLogServiceMethodDescriptorSupplier("FindEmergingPatterns"))
              .build();
        }
      }
    }
    return getFindEmergingPatternsMethod;
  }

  private static volatile io.grpc.MethodDescriptor<dev.agentmemory.v1.GetPerformanceReportRequest,
      dev.agentmemory.v1.GetPerformanceReportResponse> getGetPerformanceReportMethod;

  @io.grpc.stub.annotations.RpcMethod(
      fullMethodName = SERVICE_NAME + '/' + "GetPerformanceReport",
      requestType = dev.agentmemory.v1.GetPerformanceReportRequest.class,
      responseType = dev.agentmemory.v1.GetPerformanceReportResponse.class,
      methodType = io.grpc.MethodDescriptor.MethodType.UNARY)
  public static io.grpc.MethodDescriptor<dev.agentmemory.v1.GetPerformanceReportRequest,
      dev.agentmemory.v1.GetPerformanceReportResponse> getGetPerformanceReportMethod() {
    io.grpc.MethodDescriptor<dev.agentmemory.v1.GetPerformanceReportRequest, dev.agentmemory.v1.GetPerformanceReportResponse> getGetPerformanceReportMethod;
    if ((getGetPerformanceReportMethod = DecisionLogServiceGrpc.getGetPerformanceReportMethod) == null) {
      synchronized (DecisionLogServiceGrpc.class) {
        if ((getGetPerformanceReportMethod = DecisionLogServiceGrpc.getGetPerformanceReportMethod) == null) {
          DecisionLogServiceGrpc.getGetPerformanceReportMethod = getGetPerformanceReportMethod =
              io.grpc.MethodDescriptor.<dev.agentmemory.v1.GetPerformanceReportRequest, dev.agentmemory.v1.GetPerformanceReportResponse>newBuilder()
              .setType(io.grpc.MethodDescriptor.MethodType.UNARY)
              .setFullMethodName(generateFullMethodName(SERVICE_NAME, "GetPerformanceReport"))
              .setSampledToLocalTracing(true)
              .setRequestMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  dev.agentmemory.v1.GetPerformanceReportRequest.getDefaultInstance()))
              .setResponseMarshaller(io.grpc.protobuf.ProtoUtils.marshaller(
                  dev.agentmemory.v1.GetPerformanceReportResponse.getDefaultInstance()))
              .setSchemaDescriptor(new DecisionLogServiceMethodDescriptorSupplier("GetPerformanceReport"))
              .build();
        }
      }
    }
    return getGetPerformanceReportMethod;
  }

  /**
   * Creates a new async stub that supports all call types for the service
   */
  public static DecisionLogServiceStub newStub(io.grpc.Channel channel) {
    io.grpc.stub.AbstractStub.StubFactory<DecisionLogServiceStub> factory =
      new io.grpc.stub.AbstractStub.StubFactory<DecisionLogServiceStub>() {
        @java.lang.Override
        public DecisionLogServiceStub newStub(io.grpc.Channel channel, io.grpc.CallOptions callOptions) {
          return new DecisionLogServiceStub(channel, callOptions);
        }
      };
    return DecisionLogServiceStub.newStub(factory, channel);
  }

  /**
   * Creates a new blocking-style stub that supports all types of calls on the service
   */
  public static DecisionLogServiceBlockingV2Stub newBlockingV2Stub(
      io.grpc.Channel channel) {
    io.grpc.stub.AbstractStub.StubFactory<DecisionLogServiceBlockingV2Stub> factory =
      new io.grpc.stub.AbstractStub.StubFactory<DecisionLogServiceBlockingV2Stub>() {
        @java.lang.Override
        public DecisionLogServiceBlockingV2Stub newStub(io.grpc.Channel channel, io.grpc.CallOptions callOptions) {
          return new DecisionLogServiceBlockingV2Stub(channel, callOptions);
        }
      };
    return DecisionLogServiceBlockingV2Stub.newStub(factory, channel);
  }

  /**
   * Creates a new blocking-style stub that supports unary and streaming output calls on the service
   */
  public static DecisionLogServiceBlockingStub newBlockingStub(
      io.grpc.Channel channel) {
    io.grpc.stub.AbstractStub.StubFactory<DecisionLogServiceBlockingStub> factory =
      new io.grpc.stub.AbstractStub.StubFactory<DecisionLogServiceBlockingStub>() {
        @java.lang.Override
        public DecisionLogServiceBlockingStub newStub(io.grpc.Channel channel, io.grpc.CallOptions callOptions) {
          return new DecisionLogServiceBlockingStub(channel, callOptions);
        }
      };
    return DecisionLogServiceBlockingStub.newStub(factory, channel);
  }

  /**
   * Creates a new ListenableFuture-style stub that supports unary calls on the service
   */
  public static DecisionLogServiceFutureStub newFutureStub(
      io.grpc.Channel channel) {
    io.grpc.stub.AbstractStub.StubFactory<DecisionLogServiceFutureStub> factory =
      new io.grpc.stub.AbstractStub.StubFactory<DecisionLogServiceFutureStub>() {
        @java.lang.Override
        public DecisionLogServiceFutureStub newStub(io.grpc.Channel channel, io.grpc.CallOptions callOptions) {
          return new DecisionLogServiceFutureStub(channel, callOptions);
        }
      };
    return DecisionLogServiceFutureStub.newStub(factory, channel);
  }

  /**
   * <pre>
   * DecisionLogService is an agent's complete decision log: every decision with
   * its context and reasoning, its outcome once known, the links between
   * decisions, and a live, resumable stream of what happens to the log.
   * decision_type is UPPER_SNAKE_CASE, 1-64 characters (SOURCE_SELECTION,
   * QUERY, SIGNAL_GENERATION, LEARNING, or any new type). Decision ids are
   * UUIDv7 strings: they sort in the order the decisions were logged.
   * </pre>
   */
  public interface AsyncService {

    /**
     * <pre>
     * LogDecision records one decision. Idempotent by request_id: the same
     * request_id again returns the first decision and stores nothing new.
     * </pre>
     */
    default void logDecision(dev.agentmemory.v1.LogDecisionRequest request,
        io.grpc.stub.StreamObserver<dev.agentmemory.v1.LogDecisionResponse> responseObserver) {
      io.grpc.stub.ServerCalls.asyncUnimplementedUnaryCall(getLogDecisionMethod(), responseObserver);
    }

    /**
     * <pre>
     * LogDecisions ingests a stream of decisions in one call. Either every
     * decision is stored or, when one is invalid, none is: the call fails with
     * INVALID_ARGUMENT naming the message's index (and the field path names the
     * decision within the message). A message may carry many decisions: at
     * thousands a second, send them in hundreds per message, since each stream
     * message has a fixed cost on both ends.
     * </pre>
     */
    default io.grpc.stub.StreamObserver<dev.agentmemory.v1.LogDecisionsRequest> logDecisions(
        io.grpc.stub.StreamObserver<dev.agentmemory.v1.LogDecisionsResponse> responseObserver) {
      return io.grpc.stub.ServerCalls.asyncUnimplementedStreamingCall(getLogDecisionsMethod(), responseObserver);
    }

    /**
     * <pre>
     * RecordOutcome attaches the outcome to a decision. A second outcome for
     * the same decision is FAILED_PRECONDITION unless overwrite is set.
     * </pre>
     */
    default void recordOutcome(dev.agentmemory.v1.RecordOutcomeRequest request,
        io.grpc.stub.StreamObserver<dev.agentmemory.v1.RecordOutcomeResponse> responseObserver) {
      io.grpc.stub.ServerCalls.asyncUnimplementedUnaryCall(getRecordOutcomeMethod(), responseObserver);
    }

    /**
     * <pre>
     * GetDecision reads one decision. Missing is NOT_FOUND.
     * </pre>
     */
    default void getDecision(dev.agentmemory.v1.GetDecisionRequest request,
        io.grpc.stub.StreamObserver<dev.agentmemory.v1.GetDecisionResponse> responseObserver) {
      io.grpc.stub.ServerCalls.asyncUnimplementedUnaryCall(getGetDecisionMethod(), responseObserver);
    }

    /**
     * <pre>
     * QueryDecisions pages through an agent's decisions, newest first.
     * </pre>
     */
    default void queryDecisions(dev.agentmemory.v1.QueryDecisionsRequest request,
        io.grpc.stub.StreamObserver<dev.agentmemory.v1.QueryDecisionsResponse> responseObserver) {
      io.grpc.stub.ServerCalls.asyncUnimplementedUnaryCall(getQueryDecisionsMethod(), responseObserver);
    }

    /**
     * <pre>
     * GetDecisionChain streams the decisions linked to one decision through
     * parent_decision_ids: what led to it, what came after it, or both.
     * </pre>
     */
    default void getDecisionChain(dev.agentmemory.v1.GetDecisionChainRequest request,
        io.grpc.stub.StreamObserver<dev.agentmemory.v1.GetDecisionChainResponse> responseObserver) {
      io.grpc.stub.ServerCalls.asyncUnimplementedUnaryCall(getGetDecisionChainMethod(), responseObserver);
    }

    /**
     * <pre>
     * SubscribeDecisions streams live events of an agent's decision log, with
     * a resumable cursor and heartbeats while idle.
     * </pre>
     */
    default void subscribeDecisions(dev.agentmemory.v1.SubscribeDecisionsRequest request,
        io.grpc.stub.StreamObserver<dev.agentmemory.v1.SubscribeDecisionsResponse> responseObserver) {
      io.grpc.stub.ServerCalls.asyncUnimplementedUnaryCall(getSubscribeDecisionsMethod(), responseObserver);
    }

    /**
     * <pre>
     * AnalyzeDecisions counts an agent's decisions and their outcomes per
     * group of context values, with each group's success rate and its 95%
     * Wilson interval. Answered from hourly rollups kept as decisions and
     * outcomes are written, so its cost follows the number of hours and
     * groups, not the number of decisions.
     * </pre>
     */
    default void analyzeDecisions(dev.agentmemory.v1.AnalyzeDecisionsRequest request,
        io.grpc.stub.StreamObserver<dev.agentmemory.v1.AnalyzeDecisionsResponse> responseObserver) {
      io.grpc.stub.ServerCalls.asyncUnimplementedUnaryCall(getAnalyzeDecisionsMethod(), responseObserver);
    }

    /**
     * <pre>
     * GetSourceEffectiveness reports, per source named in the decisions'
     * reasoning (the server's choice path, by default "reasoning.selected"),
     * how often it was chosen and how often those decisions succeeded.
     * </pre>
     */
    default void getSourceEffectiveness(dev.agentmemory.v1.GetSourceEffectivenessRequest request,
        io.grpc.stub.StreamObserver<dev.agentmemory.v1.GetSourceEffectivenessResponse> responseObserver) {
      io.grpc.stub.ServerCalls.asyncUnimplementedUnaryCall(getGetSourceEffectivenessMethod(), responseObserver);
    }

    /**
     * <pre>
     * FindEmergingPatterns lists context -&gt; choice combinations whose success
     * rate's lower bound clears a bar: the candidates Consolidate promotes to
     * long-term memory.
     * </pre>
     */
    default void findEmergingPatterns(dev.agentmemory.v1.FindEmergingPatternsRequest request,
        io.grpc.stub.StreamObserver<dev.agentmemory.v1.FindEmergingPatternsResponse> responseObserver) {
      io.grpc.stub.ServerCalls.asyncUnimplementedUnaryCall(getFindEmergingPatternsMethod(), responseObserver);
    }

    /**
     * <pre>
     * GetPerformanceReport summarises an agent over a time range in one call:
     * counts and success rates by decision type, outcome latency, top
     * patterns, and the long-term memories whose confidence moved most.
     * </pre>
     */
    default void getPerformanceReport(dev.agentmemory.v1.GetPerformanceReportRequest request,
        io.grpc.stub.StreamObserver<dev.agentmemory.v1.GetPerformanceReportResponse> responseObserver) {
      io.grpc.stub.ServerCalls.asyncUnimplementedUnaryCall(getGetPerformanceReportMethod(), responseObserver);
    }
  }

  /**
   * Base class for the server implementation of the service DecisionLogService.
   * <pre>
   * DecisionLogService is an agent's complete decision log: every decision with
   * its context and reasoning, its outcome once known, the links between
   * decisions, and a live, resumable stream of what happens to the log.
   * decision_type is UPPER_SNAKE_CASE, 1-64 characters (SOURCE_SELECTION,
   * QUERY, SIGNAL_GENERATION, LEARNING, or any new type). Decision ids are
   * UUIDv7 strings: they sort in the order the decisions were logged.
   * </pre>
   */
  public static abstract class DecisionLogServiceImplBase
      implements io.grpc.BindableService, AsyncService {

    @java.lang.Override public final io.grpc.ServerServiceDefinition bindService() {
      return DecisionLogServiceGrpc.bindService(this);
    }
  }

  /**
   * A stub to allow clients to do asynchronous rpc calls to service DecisionLogService.
   * <pre>
   * DecisionLogService is an agent's complete decision log: every decision with
   * its context and reasoning, its outcome once known, the links between
   * decisions, and a live, resumable stream of what happens to the log.
   * decision_type is UPPER_SNAKE_CASE, 1-64 characters (SOURCE_SELECTION,
   * QUERY, SIGNAL_GENERATION, LEARNING, or any new type). Decision ids are
   * UUIDv7 strings: they sort in the order the decisions were logged.
   * </pre>
   */
  public static final class DecisionLogServiceStub
      extends io.grpc.stub.AbstractAsyncStub<DecisionLogServiceStub> {
    private DecisionLogServiceStub(
        io.grpc.Channel channel, io.grpc.CallOptions callOptions) {
      super(channel, callOptions);
    }

    @java.lang.Override
    protected DecisionLogServiceStub build(
        io.grpc.Channel channel, io.grpc.CallOptions callOptions) {
      return new DecisionLogServiceStub(channel, callOptions);
    }

    /**
     * <pre>
     * LogDecision records one decision. Idempotent by request_id: the same
     * request_id again returns the first decision and stores nothing new.
     * </pre>
     */
    public void logDecision(dev.agentmemory.v1.LogDecisionRequest request,
        io.grpc.stub.StreamObserver<dev.agentmemory.v1.LogDecisionResponse> responseObserver) {
      io.grpc.stub.ClientCalls.asyncUnaryCall(
          getChannel().newCall(getLogDecisionMethod(), getCallOptions()), request, responseObserver);
    }

    /**
     * <pre>
     * LogDecisions ingests a stream of decisions in one call. Either every
     * decision is stored or, when one is invalid, none is: the call fails with
     * INVALID_ARGUMENT naming the message's index (and the field path names the
     * decision within the message). A message may carry many decisions: at
     * thousands a second, send them in hundreds per message, since each stream
     * message has a fixed cost on both ends.
     * </pre>
     */
    public io.grpc.stub.StreamObserver<dev.agentmemory.v1.LogDecisionsRequest> logDecisions(
        io.grpc.stub.StreamObserver<dev.agentmemory.v1.LogDecisionsResponse> responseObserver) {
      return io.grpc.stub.ClientCalls.asyncClientStreamingCall(
          getChannel().newCall(getLogDecisionsMethod(), getCallOptions()), responseObserver);
    }

    /**
     * <pre>
     * RecordOutcome attaches the outcome to a decision. A second outcome for
     * the same decision is FAILED_PRECONDITION unless overwrite is set.
     * </pre>
     */
    public void recordOutcome(dev.agentmemory.v1.RecordOutcomeRequest request,
        io.grpc.stub.StreamObserver<dev.agentmemory.v1.RecordOutcomeResponse> responseObserver) {
      io.grpc.stub.ClientCalls.asyncUnaryCall(
          getChannel().newCall(getRecordOutcomeMethod(), getCallOptions()), request, responseObserver);
    }

    /**
     * <pre>
     * GetDecision reads one decision. Missing is NOT_FOUND.
     * </pre>
     */
    public void getDecision(dev.agentmemory.v1.GetDecisionRequest request,
        io.grpc.stub.StreamObserver<dev.agentmemory.v1.GetDecisionResponse> responseObserver) {
      io.grpc.stub.ClientCalls.asyncUnaryCall(
          getChannel().newCall(getGetDecisionMethod(), getCallOptions()), request, responseObserver);
    }

    /**
     * <pre>
     * QueryDecisions pages through an agent's decisions, newest first.
     * </pre>
     */
    public void queryDecisions(dev.agentmemory.v1.QueryDecisionsRequest request,
        io.grpc.stub.StreamObserver<dev.agentmemory.v1.QueryDecisionsResponse> responseObserver) {
      io.grpc.stub.ClientCalls.asyncUnaryCall(
          getChannel().newCall(getQueryDecisionsMethod(), getCallOptions()), request, responseObserver);
    }

    /**
     * <pre>
     * GetDecisionChain streams the decisions linked to one decision through
     * parent_decision_ids: what led to it, what came after it, or both.
     * </pre>
     */
    public void getDecisionChain(dev.agentmemory.v1.GetDecisionChainRequest request,
        io.grpc.stub.StreamObserver<dev.agentmemory.v1.GetDecisionChainResponse> responseObserver) {
      io.grpc.stub.ClientCalls.asyncServerStreamingCall(
          getChannel().newCall(getGetDecisionChainMethod(), getCallOptions()), request, responseObserver);
    }

    /**
     * <pre>
     * SubscribeDecisions streams live events of an agent's decision log, with
     * a resumable cursor and heartbeats while idle.
     * </pre>
     */
    public void subscribeDecisions(dev.agentmemory.v1.SubscribeDecisionsRequest request,
        io.grpc.stub.StreamObserver<dev.agentmemory.v1.SubscribeDecisionsResponse> responseObserver) {
      io.grpc.stub.ClientCalls.asyncServerStreamingCall(
          getChannel().newCall(getSubscribeDecisionsMethod(), getCallOptions()), request, responseObserver);
    }

    /**
     * <pre>
     * AnalyzeDecisions counts an agent's decisions and their outcomes per
     * group of context values, with each group's success rate and its 95%
     * Wilson interval. Answered from hourly rollups kept as decisions and
     * outcomes are written, so its cost follows the number of hours and
     * groups, not the number of decisions.
     * </pre>
     */
    public void analyzeDecisions(dev.agentmemory.v1.AnalyzeDecisionsRequest request,
        io.grpc.stub.StreamObserver<dev.agentmemory.v1.AnalyzeDecisionsResponse> responseObserver) {
      io.grpc.stub.ClientCalls.asyncUnaryCall(
          getChannel().newCall(getAnalyzeDecisionsMethod(), getCallOptions()), request, responseObserver);
    }

    /**
     * <pre>
     * GetSourceEffectiveness reports, per source named in the decisions'
     * reasoning (the server's choice path, by default "reasoning.selected"),
     * how often it was chosen and how often those decisions succeeded.
     * </pre>
     */
    public void getSourceEffectiveness(dev.agentmemory.v1.GetSourceEffectivenessRequest request,
        io.grpc.stub.StreamObserver<dev.agentmemory.v1.GetSourceEffectivenessResponse> responseObserver) {
      io.grpc.stub.ClientCalls.asyncUnaryCall(
          getChannel().newCall(getGetSourceEffectivenessMethod(), getCallOptions()), request, responseObserver);
    }

    /**
     * <pre>
     * FindEmergingPatterns lists context -&gt; choice combinations whose success
     * rate's lower bound clears a bar: the candidates Consolidate promotes to
     * long-term memory.
     * </pre>
     */
    public void findEmergingPatterns(dev.agentmemory.v1.FindEmergingPatternsRequest request,
        io.grpc.stub.StreamObserver<dev.agentmemory.v1.FindEmergingPatternsResponse> responseObserver) {
      io.grpc.stub.ClientCalls.asyncUnaryCall(
          getChannel().newCall(getFindEmergingPatternsMethod(), getCallOptions()), request, responseObserver);
    }

    /**
     * <pre>
     * GetPerformanceReport summarises an agent over a time range in one call:
     * counts and success rates by decision type, outcome latency, top
     * patterns, and the long-term memories whose confidence moved most.
     * </pre>
     */
    public void getPerformanceReport(dev.agentmemory.v1.GetPerformanceReportRequest request,
        io.grpc.stub.StreamObserver<dev.agentmemory.v1.GetPerformanceReportResponse> responseObserver) {
      io.grpc.stub.ClientCalls.asyncUnaryCall(
          getChannel().newCall(getGetPerformanceReportMethod(), getCallOptions()), request, responseObserver);
    }
  }

  /**
   * A stub to allow clients to do synchronous rpc calls to service DecisionLogService.
   * <pre>
   * DecisionLogService is an agent's complete decision log: every decision with
   * its context and reasoning, its outcome once known, the links between
   * decisions, and a live, resumable stream of what happens to the log.
   * decision_type is UPPER_SNAKE_CASE, 1-64 characters (SOURCE_SELECTION,
   * QUERY, SIGNAL_GENERATION, LEARNING, or any new type). Decision ids are
   * UUIDv7 strings: they sort in the order the decisions were logged.
   * </pre>
   */
  public static final class DecisionLogServiceBlockingV2Stub
      extends io.grpc.stub.AbstractBlockingStub<DecisionLogServiceBlockingV2Stub> {
    private DecisionLogServiceBlockingV2Stub(
        io.grpc.Channel channel, io.grpc.CallOptions callOptions) {
      super(channel, callOptions);
    }

    @java.lang.Override
    protected DecisionLogServiceBlockingV2Stub build(
        io.grpc.Channel channel, io.grpc.CallOptions callOptions) {
      return new DecisionLogServiceBlockingV2Stub(channel, callOptions);
    }

    /**
     * <pre>
     * LogDecision records one decision. Idempotent by request_id: the same
     * request_id again returns the first decision and stores nothing new.
     * </pre>
     */
    public dev.agentmemory.v1.LogDecisionResponse logDecision(dev.agentmemory.v1.LogDecisionRequest request) throws io.grpc.StatusException {
      return io.grpc.stub.ClientCalls.blockingV2UnaryCall(
          getChannel(), getLogDecisionMethod(), getCallOptions(), request);
    }

    /**
     * <pre>
     * LogDecisions ingests a stream of decisions in one call. Either every
     * decision is stored or, when one is invalid, none is: the call fails with
     * INVALID_ARGUMENT naming the message's index (and the field path names the
     * decision within the message). A message may carry many decisions: at
     * thousands a second, send them in hundreds per message, since each stream
     * message has a fixed cost on both ends.
     * </pre>
     */
    @io.grpc.ExperimentalApi("https://github.com/grpc/grpc-java/issues/10918")
    public io.grpc.stub.BlockingClientCall<dev.agentmemory.v1.LogDecisionsRequest, dev.agentmemory.v1.LogDecisionsResponse>
        logDecisions() {
      return io.grpc.stub.ClientCalls.blockingClientStreamingCall(
          getChannel(), getLogDecisionsMethod(), getCallOptions());
    }

    /**
     * <pre>
     * RecordOutcome attaches the outcome to a decision. A second outcome for
     * the same decision is FAILED_PRECONDITION unless overwrite is set.
     * </pre>
     */
    public dev.agentmemory.v1.RecordOutcomeResponse recordOutcome(dev.agentmemory.v1.RecordOutcomeRequest request) throws io.grpc.StatusException {
      return io.grpc.stub.ClientCalls.blockingV2UnaryCall(
          getChannel(), getRecordOutcomeMethod(), getCallOptions(), request);
    }

    /**
     * <pre>
     * GetDecision reads one decision. Missing is NOT_FOUND.
     * </pre>
     */
    public dev.agentmemory.v1.GetDecisionResponse getDecision(dev.agentmemory.v1.GetDecisionRequest request) throws io.grpc.StatusException {
      return io.grpc.stub.ClientCalls.blockingV2UnaryCall(
          getChannel(), getGetDecisionMethod(), getCallOptions(), request);
    }

    /**
     * <pre>
     * QueryDecisions pages through an agent's decisions, newest first.
     * </pre>
     */
    public dev.agentmemory.v1.QueryDecisionsResponse queryDecisions(dev.agentmemory.v1.QueryDecisionsRequest request) throws io.grpc.StatusException {
      return io.grpc.stub.ClientCalls.blockingV2UnaryCall(
          getChannel(), getQueryDecisionsMethod(), getCallOptions(), request);
    }

    /**
     * <pre>
     * GetDecisionChain streams the decisions linked to one decision through
     * parent_decision_ids: what led to it, what came after it, or both.
     * </pre>
     */
    @io.grpc.ExperimentalApi("https://github.com/grpc/grpc-java/issues/10918")
    public io.grpc.stub.BlockingClientCall<?, dev.agentmemory.v1.GetDecisionChainResponse>
        getDecisionChain(dev.agentmemory.v1.GetDecisionChainRequest request) {
      return io.grpc.stub.ClientCalls.blockingV2ServerStreamingCall(
          getChannel(), getGetDecisionChainMethod(), getCallOptions(), request);
    }

    /**
     * <pre>
     * SubscribeDecisions streams live events of an agent's decision log, with
     * a resumable cursor and heartbeats while idle.
     * </pre>
     */
    @io.grpc.ExperimentalApi("https://github.com/grpc/grpc-java/issues/10918")
    public io.grpc.stub.BlockingClientCall<?, dev.agentmemory.v1.SubscribeDecisionsResponse>
        subscribeDecisions(dev.agentmemory.v1.SubscribeDecisionsRequest request) {
      return io.grpc.stub.ClientCalls.blockingV2ServerStreamingCall(
          getChannel(), getSubscribeDecisionsMethod(), getCallOptions(), request);
    }

    /**
     * <pre>
     * AnalyzeDecisions counts an agent's decisions and their outcomes per
     * group of context values, with each group's success rate and its 95%
     * Wilson interval. Answered from hourly rollups kept as decisions and
     * outcomes are written, so its cost follows the number of hours and
     * groups, not the number of decisions.
     * </pre>
     */
    public dev.agentmemory.v1.AnalyzeDecisionsResponse analyzeDecisions(dev.agentmemory.v1.AnalyzeDecisionsRequest request) throws io.grpc.StatusException {
      return io.grpc.stub.ClientCalls.blockingV2UnaryCall(
          getChannel(), getAnalyzeDecisionsMethod(), getCallOptions(), request);
    }

    /**
     * <pre>
     * GetSourceEffectiveness reports, per source named in the decisions'
     * reasoning (the server's choice path, by default "reasoning.selected"),
     * how often it was chosen and how often those decisions succeeded.
     * </pre>
     */
    public dev.agentmemory.v1.GetSourceEffectivenessResponse getSourceEffectiveness(dev.agentmemory.v1.GetSourceEffectivenessRequest request) throws io.grpc.StatusException {
      return io.grpc.stub.ClientCalls.blockingV2UnaryCall(
          getChannel(), getGetSourceEffectivenessMethod(), getCallOptions(), request);
    }

    /**
     * <pre>
     * FindEmergingPatterns lists context -&gt; choice combinations whose success
     * rate's lower bound clears a bar: the candidates Consolidate promotes to
     * long-term memory.
     * </pre>
     */
    public dev.agentmemory.v1.FindEmergingPatternsResponse findEmergingPatterns(dev.agentmemory.v1.FindEmergingPatternsRequest request) throws io.grpc.StatusException {
      return io.grpc.stub.ClientCalls.blockingV2UnaryCall(
          getChannel(), getFindEmergingPatternsMethod(), getCallOptions(), request);
    }

    /**
     * <pre>
     * GetPerformanceReport summarises an agent over a time range in one call:
     * counts and success rates by decision type, outcome latency, top
     * patterns, and the long-term memories whose confidence moved most.
     * </pre>
     */
    public dev.agentmemory.v1.GetPerformanceReportResponse getPerformanceReport(dev.agentmemory.v1.GetPerformanceReportRequest request) throws io.grpc.StatusException {
      return io.grpc.stub.ClientCalls.blockingV2UnaryCall(
          getChannel(), getGetPerformanceReportMethod(), getCallOptions(), request);
    }
  }

  /**
   * A stub to allow clients to do limited synchronous rpc calls to service DecisionLogService.
   * <pre>
   * DecisionLogService is an agent's complete decision log: every decision with
   * its context and reasoning, its outcome once known, the links between
   * decisions, and a live, resumable stream of what happens to the log.
   * decision_type is UPPER_SNAKE_CASE, 1-64 characters (SOURCE_SELECTION,
   * QUERY, SIGNAL_GENERATION, LEARNING, or any new type). Decision ids are
   * UUIDv7 strings: they sort in the order the decisions were logged.
   * </pre>
   */
  public static final class DecisionLogServiceBlockingStub
      extends io.grpc.stub.AbstractBlockingStub<DecisionLogServiceBlockingStub> {
    private DecisionLogServiceBlockingStub(
        io.grpc.Channel channel, io.grpc.CallOptions callOptions) {
      super(channel, callOptions);
    }

    @java.lang.Override
    protected DecisionLogServiceBlockingStub build(
        io.grpc.Channel channel, io.grpc.CallOptions callOptions) {
      return new DecisionLogServiceBlockingStub(channel, callOptions);
    }

    /**
     * <pre>
     * LogDecision records one decision. Idempotent by request_id: the same
     * request_id again returns the first decision and stores nothing new.
     * </pre>
     */
    public dev.agentmemory.v1.LogDecisionResponse logDecision(dev.agentmemory.v1.LogDecisionRequest request) {
      return io.grpc.stub.ClientCalls.blockingUnaryCall(
          getChannel(), getLogDecisionMethod(), getCallOptions(), request);
    }

    /**
     * <pre>
     * RecordOutcome attaches the outcome to a decision. A second outcome for
     * the same decision is FAILED_PRECONDITION unless overwrite is set.
     * </pre>
     */
    public dev.agentmemory.v1.RecordOutcomeResponse recordOutcome(dev.agentmemory.v1.RecordOutcomeRequest request) {
      return io.grpc.stub.ClientCalls.blockingUnaryCall(
          getChannel(), getRecordOutcomeMethod(), getCallOptions(), request);
    }

    /**
     * <pre>
     * GetDecision reads one decision. Missing is NOT_FOUND.
     * </pre>
     */
    public dev.agentmemory.v1.GetDecisionResponse getDecision(dev.agentmemory.v1.GetDecisionRequest request) {
      return io.grpc.stub.ClientCalls.blockingUnaryCall(
          getChannel(), getGetDecisionMethod(), getCallOptions(), request);
    }

    /**
     * <pre>
     * QueryDecisions pages through an agent's decisions, newest first.
     * </pre>
     */
    public dev.agentmemory.v1.QueryDecisionsResponse queryDecisions(dev.agentmemory.v1.QueryDecisionsRequest request) {
      return io.grpc.stub.ClientCalls.blockingUnaryCall(
          getChannel(), getQueryDecisionsMethod(), getCallOptions(), request);
    }

    /**
     * <pre>
     * GetDecisionChain streams the decisions linked to one decision through
     * parent_decision_ids: what led to it, what came after it, or both.
     * </pre>
     */
    public java.util.Iterator<dev.agentmemory.v1.GetDecisionChainResponse> getDecisionChain(
        dev.agentmemory.v1.GetDecisionChainRequest request) {
      return io.grpc.stub.ClientCalls.blockingServerStreamingCall(
          getChannel(), getGetDecisionChainMethod(), getCallOptions(), request);
    }

    /**
     * <pre>
     * SubscribeDecisions streams live events of an agent's decision log, with
     * a resumable cursor and heartbeats while idle.
     * </pre>
     */
    public java.util.Iterator<dev.agentmemory.v1.SubscribeDecisionsResponse> subscribeDecisions(
        dev.agentmemory.v1.SubscribeDecisionsRequest request) {
      return io.grpc.stub.ClientCalls.blockingServerStreamingCall(
          getChannel(), getSubscribeDecisionsMethod(), getCallOptions(), request);
    }

    /**
     * <pre>
     * AnalyzeDecisions counts an agent's decisions and their outcomes per
     * group of context values, with each group's success rate and its 95%
     * Wilson interval. Answered from hourly rollups kept as decisions and
     * outcomes are written, so its cost follows the number of hours and
     * groups, not the number of decisions.
     * </pre>
     */
    public dev.agentmemory.v1.AnalyzeDecisionsResponse analyzeDecisions(dev.agentmemory.v1.AnalyzeDecisionsRequest request) {
      return io.grpc.stub.ClientCalls.blockingUnaryCall(
          getChannel(), getAnalyzeDecisionsMethod(), getCallOptions(), request);
    }

    /**
     * <pre>
     * GetSourceEffectiveness reports, per source named in the decisions'
     * reasoning (the server's choice path, by default "reasoning.selected"),
     * how often it was chosen and how often those decisions succeeded.
     * </pre>
     */
    public dev.agentmemory.v1.GetSourceEffectivenessResponse getSourceEffectiveness(dev.agentmemory.v1.GetSourceEffectivenessRequest request) {
      return io.grpc.stub.ClientCalls.blockingUnaryCall(
          getChannel(), getGetSourceEffectivenessMethod(), getCallOptions(), request);
    }

    /**
     * <pre>
     * FindEmergingPatterns lists context -&gt; choice combinations whose success
     * rate's lower bound clears a bar: the candidates Consolidate promotes to
     * long-term memory.
     * </pre>
     */
    public dev.agentmemory.v1.FindEmergingPatternsResponse findEmergingPatterns(dev.agentmemory.v1.FindEmergingPatternsRequest request) {
      return io.grpc.stub.ClientCalls.blockingUnaryCall(
          getChannel(), getFindEmergingPatternsMethod(), getCallOptions(), request);
    }

    /**
     * <pre>
     * GetPerformanceReport summarises an agent over a time range in one call:
     * counts and success rates by decision type, outcome latency, top
     * patterns, and the long-term memories whose confidence moved most.
     * </pre>
     */
    public dev.agentmemory.v1.GetPerformanceReportResponse getPerformanceReport(dev.agentmemory.v1.GetPerformanceReportRequest request) {
      return io.grpc.stub.ClientCalls.blockingUnaryCall(
          getChannel(), getGetPerformanceReportMethod(), getCallOptions(), request);
    }
  }

  /**
   * A stub to allow clients to do ListenableFuture-style rpc calls to service DecisionLogService.
   * <pre>
   * DecisionLogService is an agent's complete decision log: every decision with
   * its context and reasoning, its outcome once known, the links between
   * decisions, and a live, resumable stream of what happens to the log.
   * decision_type is UPPER_SNAKE_CASE, 1-64 characters (SOURCE_SELECTION,
   * QUERY, SIGNAL_GENERATION, LEARNING, or any new type). Decision ids are
   * UUIDv7 strings: they sort in the order the decisions were logged.
   * </pre>
   */
  public static final class DecisionLogServiceFutureStub
      extends io.grpc.stub.AbstractFutureStub<DecisionLogServiceFutureStub> {
    private DecisionLogServiceFutureStub(
        io.grpc.Channel channel, io.grpc.CallOptions callOptions) {
      super(channel, callOptions);
    }

    @java.lang.Override
    protected DecisionLogServiceFutureStub build(
        io.grpc.Channel channel, io.grpc.CallOptions callOptions) {
      return new DecisionLogServiceFutureStub(channel, callOptions);
    }

    /**
     * <pre>
     * LogDecision records one decision. Idempotent by request_id: the same
     * request_id again returns the first decision and stores nothing new.
     * </pre>
     */
    public com.google.common.util.concurrent.ListenableFuture<dev.agentmemory.v1.LogDecisionResponse> logDecision(
        dev.agentmemory.v1.LogDecisionRequest request) {
      return io.grpc.stub.ClientCalls.futureUnaryCall(
          getChannel().newCall(getLogDecisionMethod(), getCallOptions()), request);
    }

    /**
     * <pre>
     * RecordOutcome attaches the outcome to a decision. A second outcome for
     * the same decision is FAILED_PRECONDITION unless overwrite is set.
     * </pre>
     */
    public com.google.common.util.concurrent.ListenableFuture<dev.agentmemory.v1.RecordOutcomeResponse> recordOutcome(
        dev.agentmemory.v1.RecordOutcomeRequest request) {
      return io.grpc.stub.ClientCalls.futureUnaryCall(
          getChannel().newCall(getRecordOutcomeMethod(), getCallOptions()), request);
    }

    /**
     * <pre>
     * GetDecision reads one decision. Missing is NOT_FOUND.
     * </pre>
     */
    public com.google.common.util.concurrent.ListenableFuture<dev.agentmemory.v1.GetDecisionResponse> getDecision(
        dev.agentmemory.v1.GetDecisionRequest request) {
      return io.grpc.stub.ClientCalls.futureUnaryCall(
          getChannel().newCall(getGetDecisionMethod(), getCallOptions()), request);
    }

    /**
     * <pre>
     * QueryDecisions pages through an agent's decisions, newest first.
     * </pre>
     */
    public com.google.common.util.concurrent.ListenableFuture<dev.agentmemory.v1.QueryDecisionsResponse> queryDecisions(
        dev.agentmemory.v1.QueryDecisionsRequest request) {
      return io.grpc.stub.ClientCalls.futureUnaryCall(
          getChannel().newCall(getQueryDecisionsMethod(), getCallOptions()), request);
    }

    /**
     * <pre>
     * AnalyzeDecisions counts an agent's decisions and their outcomes per
     * group of context values, with each group's success rate and its 95%
     * Wilson interval. Answered from hourly rollups kept as decisions and
     * outcomes are written, so its cost follows the number of hours and
     * groups, not the number of decisions.
     * </pre>
     */
    public com.google.common.util.concurrent.ListenableFuture<dev.agentmemory.v1.AnalyzeDecisionsResponse> analyzeDecisions(
        dev.agentmemory.v1.AnalyzeDecisionsRequest request) {
      return io.grpc.stub.ClientCalls.futureUnaryCall(
          getChannel().newCall(getAnalyzeDecisionsMethod(), getCallOptions()), request);
    }

    /**
     * <pre>
     * GetSourceEffectiveness reports, per source named in the decisions'
     * reasoning (the server's choice path, by default "reasoning.selected"),
     * how often it was chosen and how often those decisions succeeded.
     * </pre>
     */
    public com.google.common.util.concurrent.ListenableFuture<dev.agentmemory.v1.GetSourceEffectivenessResponse> getSourceEffectiveness(
        dev.agentmemory.v1.GetSourceEffectivenessRequest request) {
      return io.grpc.stub.ClientCalls.futureUnaryCall(
          getChannel().newCall(getGetSourceEffectivenessMethod(), getCallOptions()), request);
    }

    /**
     * <pre>
     * FindEmergingPatterns lists context -&gt; choice combinations whose success
     * rate's lower bound clears a bar: the candidates Consolidate promotes to
     * long-term memory.
     * </pre>
     */
    public com.google.common.util.concurrent.ListenableFuture<dev.agentmemory.v1.FindEmergingPatternsResponse> findEmergingPatterns(
        dev.agentmemory.v1.FindEmergingPatternsRequest request) {
      return io.grpc.stub.ClientCalls.futureUnaryCall(
          getChannel().newCall(getFindEmergingPatternsMethod(), getCallOptions()), request);
    }

    /**
     * <pre>
     * GetPerformanceReport summarises an agent over a time range in one call:
     * counts and success rates by decision type, outcome latency, top
     * patterns, and the long-term memories whose confidence moved most.
     * </pre>
     */
    public com.google.common.util.concurrent.ListenableFuture<dev.agentmemory.v1.GetPerformanceReportResponse> getPerformanceReport(
        dev.agentmemory.v1.GetPerformanceReportRequest request) {
      return io.grpc.stub.ClientCalls.futureUnaryCall(
          getChannel().newCall(getGetPerformanceReportMethod(), getCallOptions()), request);
    }
  }

  private static final int METHODID_LOG_DECISION = 0;
  private static final int METHODID_RECORD_OUTCOME = 1;
  private static final int METHODID_GET_DECISION = 2;
  private static final int METHODID_QUERY_DECISIONS = 3;
  private static final int METHODID_GET_DECISION_CHAIN = 4;
  private static final int METHODID_SUBSCRIBE_DECISIONS = 5;
  private static final int METHODID_ANALYZE_DECISIONS = 6;
  private static final int METHODID_GET_SOURCE_EFFECTIVENESS = 7;
  private static final int METHODID_FIND_EMERGING_PATTERNS = 8;
  private static final int METHODID_GET_PERFORMANCE_REPORT = 9;
  private static final int METHODID_LOG_DECISIONS = 10;

  private static final class MethodHandlers<Req, Resp> implements
      io.grpc.stub.ServerCalls.UnaryMethod<Req, Resp>,
      io.grpc.stub.ServerCalls.ServerStreamingMethod<Req, Resp>,
      io.grpc.stub.ServerCalls.ClientStreamingMethod<Req, Resp>,
      io.grpc.stub.ServerCalls.BidiStreamingMethod<Req, Resp> {
    private final AsyncService serviceImpl;
    private final int methodId;

    MethodHandlers(AsyncService serviceImpl, int methodId) {
      this.serviceImpl = serviceImpl;
      this.methodId = methodId;
    }

    @java.lang.Override
    @java.lang.SuppressWarnings("unchecked")
    public void invoke(Req request, io.grpc.stub.StreamObserver<Resp> responseObserver) {
      switch (methodId) {
        case METHODID_LOG_DECISION:
          serviceImpl.logDecision((dev.agentmemory.v1.LogDecisionRequest) request,
              (io.grpc.stub.StreamObserver<dev.agentmemory.v1.LogDecisionResponse>) responseObserver);
          break;
        case METHODID_RECORD_OUTCOME:
          serviceImpl.recordOutcome((dev.agentmemory.v1.RecordOutcomeRequest) request,
              (io.grpc.stub.StreamObserver<dev.agentmemory.v1.RecordOutcomeResponse>) responseObserver);
          break;
        case METHODID_GET_DECISION:
          serviceImpl.getDecision((dev.agentmemory.v1.GetDecisionRequest) request,
              (io.grpc.stub.StreamObserver<dev.agentmemory.v1.GetDecisionResponse>) responseObserver);
          break;
        case METHODID_QUERY_DECISIONS:
          serviceImpl.queryDecisions((dev.agentmemory.v1.QueryDecisionsRequest) request,
              (io.grpc.stub.StreamObserver<dev.agentmemory.v1.QueryDecisionsResponse>) responseObserver);
          break;
        case METHODID_GET_DECISION_CHAIN:
          serviceImpl.getDecisionChain((dev.agentmemory.v1.GetDecisionChainRequest) request,
              (io.grpc.stub.StreamObserver<dev.agentmemory.v1.GetDecisionChainResponse>) responseObserver);
          break;
        case METHODID_SUBSCRIBE_DECISIONS:
          serviceImpl.subscribeDecisions((dev.agentmemory.v1.SubscribeDecisionsRequest) request,
              (io.grpc.stub.StreamObserver<dev.agentmemory.v1.SubscribeDecisionsResponse>) responseObserver);
          break;
        case METHODID_ANALYZE_DECISIONS:
          serviceImpl.analyzeDecisions((dev.agentmemory.v1.AnalyzeDecisionsRequest) request,
              (io.grpc.stub.StreamObserver<dev.agentmemory.v1.AnalyzeDecisionsResponse>) responseObserver);
          break;
        case METHODID_GET_SOURCE_EFFECTIVENESS:
          serviceImpl.getSourceEffectiveness((dev.agentmemory.v1.GetSourceEffectivenessRequest) request,
              (io.grpc.stub.StreamObserver<dev.agentmemory.v1.GetSourceEffectivenessResponse>) responseObserver);
          break;
        case METHODID_FIND_EMERGING_PATTERNS:
          serviceImpl.findEmergingPatterns((dev.agentmemory.v1.FindEmergingPatternsRequest) request,
              (io.grpc.stub.StreamObserver<dev.agentmemory.v1.FindEmergingPatternsResponse>) responseObserver);
          break;
        case METHODID_GET_PERFORMANCE_REPORT:
          serviceImpl.getPerformanceReport((dev.agentmemory.v1.GetPerformanceReportRequest) request,
              (io.grpc.stub.StreamObserver<dev.agentmemory.v1.GetPerformanceReportResponse>) responseObserver);
          break;
        default:
          throw new AssertionError();
      }
    }

    @java.lang.Override
    @java.lang.SuppressWarnings("unchecked")
    public io.grpc.stub.StreamObserver<Req> invoke(
        io.grpc.stub.StreamObserver<Resp> responseObserver) {
      switch (methodId) {
        case METHODID_LOG_DECISIONS:
          return (io.grpc.stub.StreamObserver<Req>) serviceImpl.logDecisions(
              (io.grpc.stub.StreamObserver<dev.agentmemory.v1.LogDecisionsResponse>) responseObserver);
        default:
          throw new AssertionError();
      }
    }
  }

  public static final io.grpc.ServerServiceDefinition bindService(AsyncService service) {
    return io.grpc.ServerServiceDefinition.builder(getServiceDescriptor())
        .addMethod(
          getLogDecisionMethod(),
          io.grpc.stub.ServerCalls.asyncUnaryCall(
            new MethodHandlers<
              dev.agentmemory.v1.LogDecisionRequest,
              dev.agentmemory.v1.LogDecisionResponse>(
                service, METHODID_LOG_DECISION)))
        .addMethod(
          getLogDecisionsMethod(),
          io.grpc.stub.ServerCalls.asyncClientStreamingCall(
            new MethodHandlers<
              dev.agentmemory.v1.LogDecisionsRequest,
              dev.agentmemory.v1.LogDecisionsResponse>(
                service, METHODID_LOG_DECISIONS)))
        .addMethod(
          getRecordOutcomeMethod(),
          io.grpc.stub.ServerCalls.asyncUnaryCall(
            new MethodHandlers<
              dev.agentmemory.v1.RecordOutcomeRequest,
              dev.agentmemory.v1.RecordOutcomeResponse>(
                service, METHODID_RECORD_OUTCOME)))
        .addMethod(
          getGetDecisionMethod(),
          io.grpc.stub.ServerCalls.asyncUnaryCall(
            new MethodHandlers<
              dev.agentmemory.v1.GetDecisionRequest,
              dev.agentmemory.v1.GetDecisionResponse>(
                service, METHODID_GET_DECISION)))
        .addMethod(
          getQueryDecisionsMethod(),
          io.grpc.stub.ServerCalls.asyncUnaryCall(
            new MethodHandlers<
              dev.agentmemory.v1.QueryDecisionsRequest,
              dev.agentmemory.v1.QueryDecisionsResponse>(
                service, METHODID_QUERY_DECISIONS)))
        .addMethod(
          getGetDecisionChainMethod(),
          io.grpc.stub.ServerCalls.asyncServerStreamingCall(
            new MethodHandlers<
              dev.agentmemory.v1.GetDecisionChainRequest,
              dev.agentmemory.v1.GetDecisionChainResponse>(
                service, METHODID_GET_DECISION_CHAIN)))
        .addMethod(
          getSubscribeDecisionsMethod(),
          io.grpc.stub.ServerCalls.asyncServerStreamingCall(
            new MethodHandlers<
              dev.agentmemory.v1.SubscribeDecisionsRequest,
              dev.agentmemory.v1.SubscribeDecisionsResponse>(
                service, METHODID_SUBSCRIBE_DECISIONS)))
        .addMethod(
          getAnalyzeDecisionsMethod(),
          io.grpc.stub.ServerCalls.asyncUnaryCall(
            new MethodHandlers<
              dev.agentmemory.v1.AnalyzeDecisionsRequest,
              dev.agentmemory.v1.AnalyzeDecisionsResponse>(
                service, METHODID_ANALYZE_DECISIONS)))
        .addMethod(
          getGetSourceEffectivenessMethod(),
          io.grpc.stub.ServerCalls.asyncUnaryCall(
            new MethodHandlers<
              dev.agentmemory.v1.GetSourceEffectivenessRequest,
              dev.agentmemory.v1.GetSourceEffectivenessResponse>(
                service, METHODID_GET_SOURCE_EFFECTIVENESS)))
        .addMethod(
          getFindEmergingPatternsMethod(),
          io.grpc.stub.ServerCalls.asyncUnaryCall(
            new MethodHandlers<
              dev.agentmemory.v1.FindEmergingPatternsRequest,
              dev.agentmemory.v1.FindEmergingPatternsResponse>(
                service, METHODID_FIND_EMERGING_PATTERNS)))
        .addMethod(
          getGetPerformanceReportMethod(),
          io.grpc.stub.ServerCalls.asyncUnaryCall(
            new MethodHandlers<
              dev.agentmemory.v1.GetPerformanceReportRequest,
              dev.agentmemory.v1.GetPerformanceReportResponse>(
                service, METHODID_GET_PERFORMANCE_REPORT)))
        .build();
  }

  private static abstract class DecisionLogServiceBaseDescriptorSupplier
      implements io.grpc.protobuf.ProtoFileDescriptorSupplier, io.grpc.protobuf.ProtoServiceDescriptorSupplier {
    DecisionLogServiceBaseDescriptorSupplier() {}

    @java.lang.Override
    public com.google.protobuf.Descriptors.FileDescriptor getFileDescriptor() {
      return dev.agentmemory.v1.DecisionLogProto.getDescriptor();
    }

    @java.lang.Override
    public com.google.protobuf.Descriptors.ServiceDescriptor getServiceDescriptor() {
      return getFileDescriptor().findServiceByName("DecisionLogService");
    }
  }

  private static final class DecisionLogServiceFileDescriptorSupplier
      extends DecisionLogServiceBaseDescriptorSupplier {
    DecisionLogServiceFileDescriptorSupplier() {}
  }

  private static final class DecisionLogServiceMethodDescriptorSupplier
      extends DecisionLogServiceBaseDescriptorSupplier
      implements io.grpc.protobuf.ProtoMethodDescriptorSupplier {
    private final java.lang.String methodName;

    DecisionLogServiceMethodDescriptorSupplier(java.lang.String methodName) {
      this.methodName = methodName;
    }

    @java.lang.Override
    public com.google.protobuf.Descriptors.MethodDescriptor getMethodDescriptor() {
      return getServiceDescriptor().findMethodByName(methodName);
    }
  }

  private static volatile io.grpc.ServiceDescriptor serviceDescriptor;

  public static io.grpc.ServiceDescriptor getServiceDescriptor() {
    io.grpc.ServiceDescriptor result = serviceDescriptor;
    if (result == null) {
      synchronized (DecisionLogServiceGrpc.class) {
        result = serviceDescriptor;
        if (result == null) {
          serviceDescriptor = result = io.grpc.ServiceDescriptor.newBuilder(SERVICE_NAME)
              .setSchemaDescriptor(new DecisionLogServiceFileDescriptorSupplier())
              .addMethod(getLogDecisionMethod())
              .addMethod(getLogDecisionsMethod())
              .addMethod(getRecordOutcomeMethod())
              .addMethod(getGetDecisionMethod())
              .addMethod(getQueryDecisionsMethod())
              .addMethod(getGetDecisionChainMethod())
              .addMethod(getSubscribeDecisionsMethod())
              .addMethod(getAnalyzeDecisionsMethod())
              .addMethod(getGetSourceEffectivenessMethod())
              .addMethod(getFindEmergingPatternsMethod())
              .addMethod(getGetPerformanceReportMethod())
              .build();
        }
      }
    }
    return result;
  }
}
